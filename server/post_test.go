package server

import (
	"bytes"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/saywho/saywho/store"
)

const auth = "Bearer " + testToken

const postText = `Ministers discuss harbour plan
Harbour Minister Anna Berg said the new quay would open in spring.
"We will not raise port fees this year," Berg told reporters.
`

func TestPostArticle(t *testing.T) {
	s, _ := newServer(t)
	briefing, err := os.ReadFile("../testdata/briefing-2024-11-29.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		target      string
		contentType string
		body        string
		status      int
	}{
		{"json text", "/api/articles", "application/json",
			`{"id": "harbour-1", "text": ` + jsonString(postText) + `, "url": "https://port.example/1", "outlet": "Port News", "published": "2024-05-02"}`, 201},
		{"json duplicate", "/api/articles", "application/json", `{"text": ` + jsonString(postText) + `}`, 200},
		{"plain text", "/api/articles?outlet=Kremlin+Wire&url=https://wire.example/b", "text/plain; charset=utf-8", string(briefing), 201},
		{"html", "/api/articles?outlet=Page", "text/html", `<html><head><title>Fees stay</title></head><body><article><h1>Fees stay</h1>
			<p>Harbour Minister Anna Berg said on Monday that port fees would not rise until next year.</p></article></body></html>`, 201},
		{"no content type", "/api/articles", "", "Short note\nBerg said the quay was finished.\n", 201},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, s, "POST", tc.target, strings.NewReader(tc.body), "Content-Type", tc.contentType, "Authorization", auth)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
			}
			var pr PostResponse
			r.json(t, &pr)
			if pr.Hash == "" || pr.ArticleID == 0 || r.header.Get("Location") != pr.URL {
				t.Fatalf("response %+v, Location %q", pr, r.header.Get("Location"))
			}
			var v store.ArticleView
			get(t, s, pr.URL).json(t, &v)
			if v.Record.Article.Hash != pr.Hash {
				t.Errorf("stored article %s, posted %s", v.Record.Article.Hash, pr.Hash)
			}
			if tc.status == 201 && len(v.Hits) != pr.Statements {
				t.Errorf("%d statements stored, response says %d", len(v.Hits), pr.Statements)
			}
		})
	}
	// The first article kept its metadata and its statements are found.
	res := searchHits(t, s, "q=port+fees&outlet=port+news")
	if len(res.Hits) == 0 || res.Hits[0].Article.URL != "https://port.example/1" || res.Hits[0].Article.ID != "harbour-1" {
		t.Errorf("posted article not searchable with its metadata: %+v", res.Hits)
	}
	if res := searchHits(t, s, "speaker=Dmitry+Peskov&outlet=Kremlin+Wire"); len(res.Hits) == 0 {
		t.Errorf("the example article's statements by Dmitry Peskov were not stored")
	}
}

func jsonString(s string) string {
	var b bytes.Buffer
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func TestPostArticleRefused(t *testing.T) {
	s, _ := newServer(t)
	small := serverOn(t, openStore(t), Options{Token: testToken, Extractor: s.opts.Extractor, MaxBody: 1024})
	disabled := serverOn(t, openStore(t), Options{})
	good := `{"text": "Berg said the quay was finished."}`
	tests := []struct {
		name   string
		h      http.Handler
		ct     string
		body   string
		auth   string
		status int
		code   string
	}{
		{"disabled", disabled, "application/json", good, auth, 403, "disabled"},
		{"no token", s, "application/json", good, "", 401, "unauthorized"},
		{"wrong token", s, "application/json", good, "Bearer wrong", 401, "unauthorized"},
		{"token prefix", s, "application/json", good, auth[:len(auth)-1], 401, "unauthorized"},
		{"basic auth", s, "application/json", good, "Basic " + testToken, 401, "unauthorized"},
		{"bad json", s, "application/json", `{"text": `, auth, 400, "bad_body"},
		{"unknown field", s, "application/json", `{"text": "x said y", "body": "z"}`, auth, 400, "bad_body"},
		{"two values", s, "application/json", good + good, auth, 400, "bad_body"},
		{"neither text nor html", s, "application/json", `{"url": "https://a.example/"}`, auth, 400, "bad_body"},
		{"both text and html", s, "application/json", `{"text": "a", "html": "<p>a</p>"}`, auth, 400, "bad_body"},
		{"javascript url", s, "application/json", `{"text": "a said b", "url": "javascript:alert(1)"}`, auth, 400, "bad_parameter"},
		{"relative url", s, "text/plain", "a said b", auth, 400, "bad_parameter"},
		{"empty text", s, "text/plain", "   \n ", auth, 400, "bad_article"},
		{"binary", s, "text/plain", "\x00\x01\x02\x03binary\x00\x00", auth, 400, "bad_article"},
		{"image", s, "image/png", "\x89PNG", auth, 415, "bad_content_type"},
		{"bad content type", s, "text/plain; charset", "x", auth, 415, "bad_content_type"},
		{"too large", small, "text/plain", strings.Repeat("Berg said so. ", 200), auth, 413, "too_large"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			target := "/api/articles"
			if tc.name == "relative url" {
				target += "?url=/local/path"
			}
			hdr := []string{"Content-Type", tc.ct}
			if tc.auth != "" {
				hdr = append(hdr, "Authorization", tc.auth)
			}
			r := do(t, tc.h, "POST", target, strings.NewReader(tc.body), hdr...)
			if r.status != tc.status || r.errorCode() != tc.code {
				t.Fatalf("status %d code %q, want %d %q: %s", r.status, r.errorCode(), tc.status, tc.code, r.body)
			}
			if tc.status == 401 && r.header.Get("WWW-Authenticate") == "" {
				t.Errorf("401 without WWW-Authenticate")
			}
		})
	}
	var st store.Stats
	get(t, s, "/api/stats").json(t, &st)
	if st.Articles != 4 {
		t.Errorf("refused posts stored something: %d articles", st.Articles)
	}
}

// FuzzPostArticle sends any body with any content type: the answer is a
// success or a 4xx, never a 500 or a panic.
func FuzzPostArticle(f *testing.F) {
	briefing, err := os.ReadFile("../testdata/briefing-2024-11-29.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add("text/plain", string(briefing))
	f.Add("application/json", `{"text": "Berg said the quay was finished.", "url": "https://a.example/x"}`)
	f.Add("application/json", `{"html": "<p>Berg said so.</p>", "published": "yesterday"}`)
	f.Add("text/html; charset=iso-8859-1", "<html><body><p>\xe9t\xe9 Berg said so.</p></body></html>")
	f.Add("text/plain; charset=utf-16", "\xff\xfeB\x00e\x00r\x00g\x00")
	s, _ := newServer(f)
	f.Fuzz(func(t *testing.T, ct, body string) {
		r := do(t, s, "POST", "/api/articles", strings.NewReader(body), "Content-Type", ct, "Authorization", auth)
		if r.status >= 500 || r.errorCode() == "" && r.status >= 300 {
			t.Fatalf("Content-Type %q, body %q: %d %s", ct, body, r.status, r.body)
		}
	})
}
