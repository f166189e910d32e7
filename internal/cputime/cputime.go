// Package cputime reads the CPU time (user and system) spent so far. The
// benchmarks report it beside wall-clock rates: on a machine shared with
// other work, the wall time includes waiting for a core, and the CPU time
// is what the work itself costs.
package cputime
