package sqlite

import (
	"testing"

	"github.com/saywho/saywho/store"
)

func TestFTSQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{`peace`, `("peace")`},
		{`peace treaty`, `("peace" AND "treaty")`},
		{`"peace treaty" talk*`, `("peace treaty" AND "talk"*)`},
		{`war OR peace`, `("war" OR "peace")`},
		{`-war peace`, `("peace") NOT "war"`},
		{`peace -war -"cold war"`, `("peace") NOT "war" NOT "cold war"`},
		{`a OR b -c`, `("a" OR "b") NOT "c"`},
	}
	for _, tt := range tests {
		terms, err := store.ParseText(tt.in)
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		if got := ftsQuery(terms); got != tt.want {
			t.Errorf("ftsQuery(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
