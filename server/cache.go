package server

import (
	"context"
	"errors"
	"sync"
	"time"
)

// cache keeps the answers that are costly and may be a few seconds old
// without anyone minding: counts (store statistics, search facets). It
// also collapses concurrent requests for the same key into one call to
// the store: a burst of the same page costs one query, not sixteen.
// Searches and pages are not cached; they are the store's to make fast.
type cache struct {
	ttl time.Duration // 0: no caching, but still one call per key at a time
	max int

	mu sync.Mutex
	m  map[string]*entry
}

type entry struct {
	done chan struct{} // closed when val and err are set
	val  any
	err  error
	at   time.Time
}

func newCache(ttl time.Duration, max int) *cache {
	return &cache{ttl: ttl, max: max, m: map[string]*entry{}}
}

// get returns the value for key, calling fill when there is none fresh.
// Errors are not kept. A caller whose context ends stops waiting.
func (c *cache) get(ctx context.Context, key string, fill func(context.Context) (any, error)) (any, error) {
	c.mu.Lock()
	e, ok := c.m[key]
	if ok {
		select {
		case <-e.done:
			if time.Since(e.at) > c.ttl {
				ok = false // stale: fill again
			}
		default: // in flight: wait for it
		}
	}
	if !ok {
		e = &entry{done: make(chan struct{})}
		c.m[key] = e
		c.evict()
		c.mu.Unlock()
		// The fill belongs to every waiter, not to this request: it runs
		// on its own context, bounded by this request's deadline.
		fctx := context.WithoutCancel(ctx)
		if dl, ok := ctx.Deadline(); ok {
			var cancel context.CancelFunc
			fctx, cancel = context.WithDeadline(fctx, dl)
			defer cancel()
		}
		c.run(key, e, func() (any, error) { return fill(fctx) })
		return e.val, e.err
	}
	c.mu.Unlock()
	select {
	case <-e.done:
		return e.val, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// run fills e, and finishes it whatever happens: a fill that panics
// leaves no entry for later callers to wait on forever.
func (c *cache) run(key string, e *entry, fill func() (any, error)) {
	ok := false
	defer func() {
		if !ok {
			e.err = errFillPanicked
		}
		e.at = time.Now()
		close(e.done)
		if e.err != nil || c.ttl <= 0 {
			c.mu.Lock()
			if c.m[key] == e {
				delete(c.m, key)
			}
			c.mu.Unlock()
		}
	}()
	e.val, e.err = fill()
	ok = true
}

var errFillPanicked = errors.New("cache: the computation failed")

// evict drops stale entries when the cache is full, then any entries
// until it is not. The caller holds mu.
func (c *cache) evict() {
	if len(c.m) <= c.max {
		return
	}
	for k, e := range c.m {
		select {
		case <-e.done:
			if time.Since(e.at) > c.ttl {
				delete(c.m, k)
			}
		default:
		}
	}
	for k, e := range c.m {
		if len(c.m) <= c.max {
			break
		}
		select {
		case <-e.done:
			delete(c.m, k)
		default:
		}
	}
}

// clear forgets everything: the store changed under the server's eyes.
func (c *cache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.m {
		select {
		case <-e.done:
			delete(c.m, k)
		default:
		}
	}
}
