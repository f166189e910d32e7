package server

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/saywho/saywho/article"
	"github.com/saywho/saywho/extract"
	"github.com/saywho/saywho/store/storetest"
)

// screenshotPath is where TestBrowser saves the article view when run
// with -update or SAYWHO_SCREENSHOT=1; the README shows it.
const screenshotPath = "../docs/screenshot-article.png"

// TestBrowser drives Chromium through the UI as a reader would: search,
// open an article from the results, find its statements highlighted over
// the text with their speaker, click one and read its details, step with
// the keyboard. The page must raise no error, CSP violations included.
func TestBrowser(t *testing.T) {
	chromium := os.Getenv("SAYWHO_TEST_CHROMIUM")
	if chromium == "" {
		t.Skip("SAYWHO_TEST_CHROMIUM is not set: no Chromium to drive (.ci/run sets it; here: apt-get install chromium; export SAYWHO_TEST_CHROMIUM=$(command -v chromium))")
	}

	// The example article through the real reader and extractor, beside
	// the fixture corpus.
	body, err := os.ReadFile("../testdata/briefing-2024-11-29.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := article.Read(article.Input{ID: "briefing-2024-11-29", Name: "testdata/briefing-2024-11-29.txt", Body: body})
	if err != nil {
		t.Fatal(err)
	}
	st := openStore(t, storetest.Fixtures()...)
	put(t, st, extract.New().Extract(a))
	view, err := st.Article(context.Background(), a.Hash())
	if err != nil {
		t.Fatal(err)
	}
	if len(view.Hits) == 0 {
		t.Fatal("the extractor found no statement in the example article")
	}
	ts := httptest.NewServer(serverOn(t, st, Options{}))
	defer ts.Close()

	ctx := browser(t, chromium)
	// Start the browser first: Console subscribes at once, and must not
	// race the first action to start one.
	step(t, ctx, "start the browser", chromedp.EmulateViewport(1360, 1000))
	console := chromedp.Console(ctx)
	var mu sync.Mutex
	var problems []string
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() || m.Type == chromedp.ConsoleWarning {
				mu.Lock()
				problems = append(problems, m.String())
				mu.Unlock()
			}
		}
	}()

	// Search.
	step(t, ctx, "open the search page", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`.bigsearch input[name=q]`)),
		chromedp.SendKeys(chromedp.CSS(`.bigsearch input[name=q]`), "peace treaty"))
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.Submit(chromedp.CSS(`.bigsearch input[name=q]`)))); err != nil {
		t.Fatalf("submit the search: %v", err)
	}
	step(t, ctx, "wait for results", chromedp.WaitVisible(chromedp.CSS(`ol.hits`)))
	speakers := eval[[]string](t, ctx, `[...document.querySelectorAll('.hit .speaker')].map(e => e.textContent)`)
	if !contains(speakers, "Dmitry Peskov") {
		t.Fatalf("search results name %q, not Dmitry Peskov", speakers)
	}
	marks := eval[[]string](t, ctx, `[...document.querySelectorAll('.hit mark')].map(e => e.textContent.toLowerCase())`)
	if !contains(marks, "peace") || !contains(marks, "treaty") {
		t.Errorf("searched words not marked: %q", marks)
	}

	// Open the article from its result.
	link := chromedp.CSS(`a.quote[href^="/articles/` + a.Hash() + `"]`)
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(link))); err != nil {
		t.Fatalf("open the article from the results: %v", err)
	}
	step(t, ctx, "wait for the highlighted text", chromedp.WaitVisible(chromedp.CSS(`[data-text] .st`)))
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.Contains(loc, "/articles/"+a.Hash()+"#s") {
		t.Errorf("the result led to %s", loc)
	}

	// Every statement is highlighted, over exactly its own text.
	shown := eval[map[string]string](t, ctx, `(() => {
		const out = {};
		for (const el of document.querySelectorAll('[data-text] .st')) {
			for (const id of el.dataset.s.split(' ')) out[id] = (out[id] || '') + el.textContent;
		}
		return out;
	})()`)
	for _, h := range view.Hits {
		id := strconv.FormatInt(h.ID, 10)
		got, ok := shown[id]
		if !ok {
			t.Errorf("statement %s (%.40q) is not highlighted", id, h.Text)
			continue
		}
		if len(h.Parts) == 0 && got != strings.ReplaceAll(h.Text, "\n", "") {
			t.Errorf("statement %s highlights %q, its text is %q", id, got, h.Text)
		}
	}
	titles := eval[[]string](t, ctx, `[...document.querySelectorAll('[data-text] .st')].map(e => e.title)`)
	peskov := 0
	for _, ti := range titles {
		if strings.HasPrefix(ti, "Dmitry Peskov") {
			peskov++
		}
	}
	if peskov == 0 {
		t.Fatalf("no highlighted statement is attributed to Dmitry Peskov: %q", titles)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('[data-text] .mention').length`); n == 0 {
		t.Error("no speaker mention is marked")
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('[data-text] .cue').length`); n == 0 {
		t.Error("no cue is marked")
	}

	// Click a statement of his: the panel tells who, the cue, the kind,
	// the confidence.
	step(t, ctx, "scroll to the top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	step(t, ctx, "click a statement", chromedp.Click(chromedp.CSS(`[data-text] .st[title^="Dmitry Peskov"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.detail:not([hidden])`)))
	detail, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.detail:not([hidden])`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Dmitry Peskov", "kind", "confidence", "cue"} {
		if !strings.Contains(detail, want) {
			t.Errorf("statement panel lacks %q: %q", want, detail)
		}
	}
	first := eval[string](t, ctx, `location.hash`)
	if *update || os.Getenv("SAYWHO_SCREENSHOT") != "" {
		step(t, ctx, "scroll to the top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
		time.Sleep(300 * time.Millisecond) // let the smooth scroll settle before the picture
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(screenshotPath, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes)", screenshotPath, len(png))
	}

	// The keyboard steps to the next statement.
	step(t, ctx, "press j", chromedp.KeyEvent("j"))
	next := eval[string](t, ctx, `location.hash`)
	sel := eval[int](t, ctx, `document.querySelectorAll('[data-text] .st.sel').length`)
	if next == first || !strings.HasPrefix(next, "#s") || sel == 0 {
		t.Errorf("j did not select the next statement: hash %q then %q, %d selected", first, next, sel)
	}

	// The speaker's page, from the panel.
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.Click(chromedp.CSS(`.legend a`)))); err != nil {
		t.Fatalf("open a speaker: %v", err)
	}
	step(t, ctx, "wait for the chart", chromedp.WaitVisible(chromedp.CSS(`svg.chart`)))

	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Errorf("browser console: %s", p)
	}
}

// browser starts headless Chromium for one test.
func browser(t *testing.T, path string) context.Context {
	t.Helper()
	dir, err := os.MkdirTemp("", "saywho-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.WindowSize(1360, 1000))
	ctx, cancelCtx := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
		// Chromium's helpers may still write for a moment after it stops.
		for range 50 {
			if os.RemoveAll(dir) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	return ctx
}

func step(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %.60q: %v", js, err)
	}
	return v
}
