package gazetteer_test

import (
	"fmt"
	"strings"

	"github.com/saywho/saywho/gazetteer"
)

func ExampleLookup() {
	e, _ := gazetteer.Lookup("SVR")
	fmt.Println(e.Name, "|", e.Kind, "|", e.Country)
	e, _ = gazetteer.Lookup("Kiev")
	fmt.Println(e.Name, "|", e.Kind, "|", e.Country, "|", e.Stands)
	_, ok := gazetteer.Lookup("us") // the pronoun, not the country
	fmt.Println(ok)
	// Output:
	// Foreign Intelligence Service of Russia | agency | Russia
	// Kyiv | capital | Ukraine | Government of Ukraine
	// false
}

func ExampleMetonym() {
	for _, name := range []string{"Tokyo", "the Kremlin", "Brussels", "Japan"} {
		stands, ok := gazetteer.Metonym(name)
		fmt.Printf("%s: %q %v\n", name, stands, ok)
	}
	// Output:
	// Tokyo: "Government of Japan" true
	// the Kremlin: "Russian presidency" true
	// Brussels: "European Union" true
	// Japan: "" false
}

func ExampleLookupTokens() {
	words := strings.Fields("Earlier , Russia 's Foreign Intelligence Service ( SVR ) said")
	for i := 0; i < len(words); {
		n, e, ok := gazetteer.LookupTokens(words[i:])
		if !ok {
			i++
			continue
		}
		fmt.Printf("%q -> %s (%s)\n", strings.Join(words[i:i+n], " "), e.Name, e.Kind)
		i += n
	}
	// Output:
	// "Russia 's Foreign Intelligence Service" -> Foreign Intelligence Service of Russia (agency)
	// "SVR" -> Foreign Intelligence Service of Russia (agency)
}
