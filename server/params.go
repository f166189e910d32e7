package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
)

// Bounds on what one request may ask for. Deep offsets cost the store a
// scan of everything skipped; past maxOffset, filters are the way on.
const (
	maxOffset   = 100_000
	maxParamLen = 1000 // characters in one parameter
)

// filterParams are the query parameters of a statement search, the same
// filters as `saywho search`: q, speaker, entity, outlet, since, until,
// kind, limit and offset.
var filterParams = []string{"q", "speaker", "entity", "outlet", "since", "until", "kind", "limit", "offset"}

// badParam is a 400 naming the parameter.
func badParam(name, format string, args ...any) error {
	return &httpError{http.StatusBadRequest, "bad_parameter", "parameter " + name + ": " + fmt.Sprintf(format, args...)}
}

// param returns the value of a query parameter, checked for length and
// encoding, and for being given once.
func param(v url.Values, name string) (string, error) {
	vals := v[name]
	if len(vals) == 0 {
		return "", nil
	}
	if len(vals) > 1 {
		return "", badParam(name, "given %d times", len(vals))
	}
	s := vals[0]
	if !utf8.ValidString(s) {
		return "", badParam(name, "not valid UTF-8")
	}
	if utf8.RuneCountInString(s) > maxParamLen {
		return "", badParam(name, "longer than %d characters", maxParamLen)
	}
	return strings.TrimSpace(s), nil
}

// intParam reads a non-negative integer parameter no larger than hi.
func intParam(v url.Values, name string, def, hi int) (int, error) {
	s, err := param(v, name)
	if err != nil || s == "" {
		return def, err
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, badParam(name, "%q is not a whole number", s)
	}
	if n < 0 || n > hi {
		return 0, badParam(name, "%d is out of range 0..%d", n, hi)
	}
	return n, nil
}

// queryParams reads a statement query from URL parameters. A malformed
// date or kind is a 400 that names the parameter; a search text the store
// cannot use is one too, when the store says so (store.ErrBadQuery).
func queryParams(v url.Values) (store.Query, error) {
	var q store.Query
	var err error
	str := func(name string, dst *string) {
		if err == nil {
			*dst, err = param(v, name)
		}
	}
	var since, until, kind string
	str("q", &q.Text)
	str("speaker", &q.Speaker)
	str("entity", &q.Entity)
	str("outlet", &q.Outlet)
	str("since", &since)
	str("until", &until)
	str("kind", &kind)
	if err != nil {
		return q, err
	}
	if q.Limit, err = intParam(v, "limit", store.DefaultLimit, store.MaxLimit); err != nil {
		return q, err
	}
	if q.Limit == 0 {
		q.Limit = store.DefaultLimit
	}
	if q.Offset, err = intParam(v, "offset", 0, maxOffset); err != nil {
		return q, err
	}
	if since != "" {
		if q.Since, err = store.ParseSince(since); err != nil {
			return q, badParam("since", "%v", err)
		}
	}
	if until != "" {
		if q.Until, err = store.ParseUntil(until); err != nil {
			return q, badParam("until", "%v", err)
		}
	}
	q.Kind = saywho.Kind(strings.ToLower(kind))
	if err := q.Validate(); err != nil {
		return q, &httpError{http.StatusBadRequest, "bad_query", err.Error()}
	}
	if q.Text != "" {
		if _, err := store.ParseText(q.Text); err != nil {
			return q, badParam("q", "%v", err)
		}
	}
	return q, nil
}

// pageURL is u with offset set to off (dropped when zero): the link to
// another page of the same query.
func pageURL(u *url.URL, off int) string {
	v := u.Query()
	if off > 0 {
		v.Set("offset", strconv.Itoa(off))
	} else {
		v.Del("offset")
	}
	out := url.URL{Path: u.Path, RawQuery: v.Encode()}
	return out.String()
}

// pathRef reads a {ref} or {id} path value.
func pathRef(r *http.Request, name string) (string, error) {
	s := strings.TrimSpace(r.PathValue(name))
	if s == "" {
		return "", badParam(name, "empty")
	}
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxParamLen {
		return "", badParam(name, "not a valid reference")
	}
	return s, nil
}

// pathID reads a numeric {id} path value.
func pathID(r *http.Request) (int64, error) {
	s := r.PathValue("id")
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, badParam("id", "%q is not a statement id (a positive whole number)", s)
	}
	return id, nil
}
