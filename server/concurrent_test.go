package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/extract"
	"github.com/saywho/saywho/store/sqlite"
	"github.com/saywho/saywho/store/storetest"
)

// TestServeWhileIngesting is `saywho serve` beside `saywho ingest` on one
// SQLite file: two handles on the file, as two processes would have; one
// writes batches in a loop while the server answers searches, pages and
// uploads over real HTTP. No request may fail, and no "database is
// locked" may reach a client.
func TestServeWhileIngesting(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shared.db")
	served, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer served.Close()
	put(t, served, storetest.Fixtures()[0].Analysis())
	ingest, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close()

	s := serverOn(t, served, Options{Token: testToken, Extractor: extract.New()})
	ts := httptest.NewServer(s)
	defer ts.Close()

	// The writer runs until the readers are done, so that every request
	// meets a write in progress or just committed.
	docs := storetest.Generated(5000)
	stop, done, started := make(chan struct{}), make(chan struct{}), make(chan struct{})
	var writeErr error
	batches := 0
	go func() {
		defer close(done)
		for i := 0; i < len(docs); i += 20 {
			select {
			case <-stop:
				return
			default:
			}
			batch := make([]*saywho.Analysis, 0, 20)
			for _, d := range docs[i:min(i+20, len(docs))] {
				batch = append(batch, d.Analysis())
			}
			res, err := ingest.Put(ctx, batch)
			if err == nil {
				for _, r := range res {
					if r.Err != nil {
						err = r.Err
					}
				}
			}
			if err != nil {
				writeErr = err
				return
			}
			if batches++; batches == 1 {
				close(started)
			}
		}
	}()
	<-started

	targets := []string{"/api/search?q=budget", "/api/search?q=budget+project&speaker=Minister+1", "/api/search",
		"/api/facets?q=percent", "/api/stats", "/api/speakers", "/api/speakers/Minister%202", "/",
		"/?q=budget&outlet=Outlet+1", "/speakers/Minister%203", "/api/entities/Tokyo"}
	var requests, failures atomic.Int64
	var mu sync.Mutex
	var firstFailure string
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 30; i++ {
				var req *http.Request
				if w == 0 && i%10 == 5 { // an upload now and then: a second writer
					body := fmt.Sprintf("Upload %d\nMinister Berg said upload %d would be stored.\n", i, i)
					req, _ = http.NewRequest("POST", ts.URL+"/api/articles", strings.NewReader(body))
					req.Header.Set("Authorization", auth)
				} else {
					req, _ = http.NewRequest("GET", ts.URL+targets[(w*7+i)%len(targets)], nil)
				}
				resp, err := http.DefaultClient.Do(req)
				requests.Add(1)
				if err != nil {
					failures.Add(1)
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				low := strings.ToLower(string(b))
				if resp.StatusCode >= 300 || strings.Contains(low, "locked") || strings.Contains(low, "sqlite_busy") {
					failures.Add(1)
					mu.Lock()
					if firstFailure == "" {
						firstFailure = fmt.Sprintf("%s %s: %d %.300s", req.Method, req.URL.Path, resp.StatusCode, b)
					}
					mu.Unlock()
				}
			}
		}(w)
	}
	wg.Wait()
	close(stop)
	<-done
	if writeErr != nil {
		t.Fatalf("ingest failed: %v", writeErr)
	}
	t.Logf("%d requests during ingest (%d batches written), %d failed", requests.Load(), batches, failures.Load())
	if failures.Load() > 0 {
		t.Fatalf("%d of %d requests failed; first: %s", failures.Load(), requests.Load(), firstFailure)
	}
	res := searchHits(t, s, "q=budget&limit=1")
	if len(res.Hits) == 0 {
		t.Error("the ingested articles are not searchable")
	}
}
