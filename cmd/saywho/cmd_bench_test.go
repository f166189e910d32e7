package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestBenchIngest runs saywho bench with --ingest on the example article:
// both tables, a row for each pipeline, and no store left behind.
func TestBenchIngest(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where the stores go
	out, errOut, code := saywhoRun(t, "bench", "--data", "../../testdata/briefing-2024-11-29.gold.jsonl", "--time", "1ms", "--workers", "2", "--ingest")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"articles/s", "ingest into a new embedded store, 2 workers", "CPU ms/article"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	ingestRow := regexp.MustCompile(`(?m)^\s+(rules|full)\s+\d+\s+\d+\s+(\d+\.\d\d|-)\s+\d+\.\d\dx$`)
	if n := len(ingestRow.FindAllString(out, -1)); n != 2 {
		t.Errorf("%d ingest rows, want 2:\n%s", n, out)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("bench left %d files in the temporary directory", len(left))
	}
	if _, errOut, code := saywhoRun(t, "bench", "--data", "no/such.jsonl", "--time", "1ms", "--ingest"); code == 0 || !strings.Contains(errOut, "no/such.jsonl") {
		t.Errorf("missing data file: exit %d, %q", code, errOut)
	}
}
