package server

import (
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
)

type openAPIDoc struct {
	OpenAPI    string                                `json:"openapi"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]schema `json:"schemas"`
	} `json:"components"`
}

type schema struct {
	Ref        string            `json:"$ref"`
	Properties map[string]schema `json:"properties"`
	AllOf      []schema          `json:"allOf"`
	Items      *schema           `json:"items"`
}

func loadOpenAPI(t *testing.T, s *Server) openAPIDoc {
	t.Helper()
	r := get(t, s, "/api/openapi.json")
	if r.status != 200 {
		t.Fatalf("openapi.json: %d", r.status)
	}
	var doc openAPIDoc
	r.json(t, &doc)
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi version %q", doc.OpenAPI)
	}
	return doc
}

// TestOpenAPIMatchesRoutes: every API route is documented with its
// method, and every documented operation is a route.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	s, _ := newServer(t)
	doc := loadOpenAPI(t, s)
	var routes, documented []string
	for _, rt := range s.table() {
		if strings.HasPrefix(rt.path, "/api/") {
			routes = append(routes, strings.ToLower(rt.method)+" "+rt.path)
		}
	}
	for p, ops := range doc.Paths {
		for m := range ops {
			if m != "parameters" && m != "summary" && m != "description" {
				documented = append(documented, m+" "+p)
			}
		}
	}
	sort.Strings(routes)
	sort.Strings(documented)
	if !slices.Equal(routes, documented) {
		t.Errorf("routes and OpenAPI differ:\nroutes:     %v\ndocumented: %v", routes, documented)
	}
}

// TestOpenAPISchemas: the documented schemas have the JSON fields of the
// Go types the API encodes, no more and no fewer.
func TestOpenAPISchemas(t *testing.T) {
	s, _ := newServer(t)
	doc := loadOpenAPI(t, s)
	types := map[string]any{
		"Error": errorBody{}, "Span": saywho.Span{}, "SpanText": saywho.SpanText{},
		"SpeakerRecord": saywho.SpeakerRecord{}, "ArticleRecord": saywho.ArticleRecord{},
		"StatementRecord": saywho.StatementRecord{}, "EntityRecord": saywho.EntityRecord{},
		"FigureRecord": saywho.FigureRecord{}, "Record": saywho.Record{}, "Hit": store.Hit{},
		"SearchResponse": SearchResponse{}, "SpeakerCount": SpeakerCount{}, "ValueCount": ValueCount{},
		"Week": store.Week{}, "Facets": Facets{}, "SpeakerSummary": store.SpeakerSummary{},
		"SpeakersResponse": SpeakersResponse{}, "Attribute": store.Attribute{}, "EntityCount": store.EntityCount{},
		"Quote": store.Quote{}, "SpeakerPage": store.SpeakerPage{}, "TimelineResponse": TimelineResponse{},
		"EntityPage": store.EntityPage{}, "Source": store.Source{}, "Version": store.Version{},
		"ArticleView": store.ArticleView{}, "Stats": store.Stats{}, "PostArticle": PostArticle{},
		"PostResponse": PostResponse{},
	}
	for name := range doc.Components.Schemas {
		if types[name] == nil {
			t.Errorf("schema %s has no Go type in this test", name)
		}
	}
	for name, v := range types {
		sc, ok := doc.Components.Schemas[name]
		if !ok {
			t.Errorf("no schema for %s", name)
			continue
		}
		got := schemaFields(doc, sc)
		want := jsonFields(reflect.TypeOf(v))
		sort.Strings(got)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("schema %s: fields %v, Go type has %v", name, got, want)
		}
	}
}

func schemaFields(doc openAPIDoc, sc schema) []string {
	var out []string
	if sc.Ref != "" {
		return schemaFields(doc, doc.Components.Schemas[strings.TrimPrefix(sc.Ref, "#/components/schemas/")])
	}
	for _, a := range sc.AllOf {
		out = append(out, schemaFields(doc, a)...)
	}
	for k := range sc.Properties {
		out = append(out, k)
	}
	return out
}

// jsonFields lists the JSON names of a struct's fields, embedded structs
// flattened and shadowed names counted once, as encoding/json does.
func jsonFields(t reflect.Type) []string {
	seen := map[string]bool{}
	var out []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			name, _, _ := strings.Cut(tag, ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if f.Anonymous && name == "" {
				ft := f.Type
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				walk(ft)
				continue
			}
			if name == "" {
				name = f.Name
			}
			if !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
	}
	walk(t)
	return out
}
