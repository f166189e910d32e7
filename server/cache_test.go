package server

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestCacheOneFillPerKey(t *testing.T) {
	c := newCache(time.Hour, 10)
	var fills atomic.Int32
	release := make(chan struct{})
	fill := func(context.Context) (any, error) {
		fills.Add(1)
		<-release
		return "v", nil
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := c.get(context.Background(), "k", fill)
			if v != "v" || err != nil {
				t.Errorf("got %v, %v", v, err)
			}
		}()
	}
	close(release)
	wg.Wait()
	if n := fills.Load(); n != 1 {
		t.Errorf("%d fills for one key, want 1", n)
	}
	c.clear()
	c.get(context.Background(), "k", fill)
	if n := fills.Load(); n != 2 {
		t.Errorf("after clear: %d fills, want 2", n)
	}
}

func TestCacheErrorsAndPanics(t *testing.T) {
	c := newCache(time.Hour, 10)
	boom := errors.New("boom")
	if _, err := c.get(context.Background(), "k", func(context.Context) (any, error) { return nil, boom }); err != boom {
		t.Fatalf("err %v", err)
	}
	v, err := c.get(context.Background(), "k", func(context.Context) (any, error) { return 1, nil })
	if v != 1 || err != nil {
		t.Fatalf("an error was kept: %v %v", v, err)
	}
	func() {
		defer func() { recover() }()
		c.get(context.Background(), "p", func(context.Context) (any, error) { panic("fill") })
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if v, err := c.get(ctx, "p", func(context.Context) (any, error) { return 2, nil }); v != 2 || err != nil {
		t.Fatalf("a panicking fill wedged its key: %v %v", v, err)
	}
}

func TestCacheNoTTL(t *testing.T) {
	c := newCache(0, 10)
	n := 0
	for i := 0; i < 3; i++ {
		c.get(context.Background(), "k", func(context.Context) (any, error) { n++; return n, nil })
	}
	if n != 3 {
		t.Errorf("with no TTL, %d fills for 3 gets", n)
	}
}

func TestCacheEvicts(t *testing.T) {
	c := newCache(time.Hour, 4)
	for i := 0; i < 20; i++ {
		c.get(context.Background(), strings.Repeat("k", i+1), func(context.Context) (any, error) { return i, nil })
	}
	if len(c.m) > 4 {
		t.Errorf("%d entries, max 4", len(c.m))
	}
}

// TestFacetsAfterPost: counts are cached, and an article added through
// the API clears them.
func TestFacetsAfterPost(t *testing.T) {
	s, _ := newServer(t)
	var before, after Facets
	get(t, s, "/api/facets").json(t, &before)
	r := do(t, s, "POST", "/api/articles", strings.NewReader(postText), "Authorization", auth, "Content-Type", "text/plain")
	if r.status != 201 {
		t.Fatalf("post: %d %s", r.status, r.body)
	}
	get(t, s, "/api/facets").json(t, &after)
	if after.Counted <= before.Counted {
		t.Errorf("facets count %d statements after adding an article, %d before", after.Counted, before.Counted)
	}
}
