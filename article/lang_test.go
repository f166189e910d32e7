package article

import "testing"

func TestDetectLanguage(t *testing.T) {
	tests := []struct{ lang, text string }{
		{"en", "The city council voted on Monday night to approve the tram line between the central station and the university campus, ending two years of hearings. It was the biggest investment in public transport this city has made in a generation, the council president said after the vote."},
		{"fr", "Le conseil municipal a adopté jeudi soir le budget pour l'année prochaine, malgré les critiques de l'opposition sur la hausse des impôts locaux. « Nous n'avons pas d'autre choix si nous voulons garder nos écoles ouvertes », a déclaré le maire devant les élus réunis à l'hôtel de ville. On ne sait pas encore quand les travaux commenceront."},
		{"de", "Der Bürgermeister sagte am Samstag, die Straße werde im Herbst saniert, und die Anwohner sollten sich auf Umleitungen einstellen. Die Arbeiten beginnen im Oktober und dauern voraussichtlich bis zum Frühjahr, wie die Stadt mitteilte. Was die Sanierung kosten wird, ist noch offen, und wer sie bezahlen will, auch."},
		{"es", "El alcalde dijo el sábado que la calle será renovada en otoño y que los vecinos deberán prepararse para los desvíos. Las obras comenzarán en octubre y durarán hasta la primavera, según informó el ayuntamiento de la ciudad en un comunicado publicado el viernes por la tarde."},
		{"nl", "De burgemeester zei zaterdag dat de straat in de herfst wordt vernieuwd en dat de bewoners zich moeten voorbereiden op omleidingen. Het werk begint in oktober en duurt naar verwachting tot het voorjaar, zo meldde de gemeente. Wat het kost is nog niet duidelijk, en wie het betaalt was gisteren ook nog onbekend."},
		{"pt", "O prefeito disse no sábado que a rua será renovada no outono e que os moradores devem se preparar para os desvios. As obras começam em outubro e devem durar até a primavera, segundo a prefeitura. As famílias da região pediram mais informações sobre as mudanças no trânsito e as linhas de ônibus."},
	}
	for _, tt := range tests {
		if got := detectLanguage(tt.text); got != tt.lang {
			t.Errorf("detectLanguage(%.30q...) = %q, want %q", tt.text, got, tt.lang)
		}
		if tt.lang != "en" && looksEnglish(tt.text) {
			t.Errorf("the English fast path takes %s for English: %.40q", tt.lang, tt.text)
		}
	}
	for _, tag := range []struct{ in, want string }{{"en-US", "en"}, {"EN_gb", "en"}, {"de", "de"}, {"eng", ""}, {"", ""}, {"x-klingon", ""}} {
		if got := langCode(tag.in); got != tag.want {
			t.Errorf("langCode(%q) = %q, want %q", tag.in, got, tag.want)
		}
	}
}

// On real English news the fast path must agree with whatlanggo.
func TestDetectLanguagePolNeAR(t *testing.T) {
	docs := readPolNeAR(t, "polnear-dev.jsonl")
	fast := 0
	for _, d := range docs {
		if got := detectLanguage(d.Text); got != "en" {
			t.Errorf("%s: language %q, want en", d.DocID, got)
		}
		if looksEnglish(d.Text[:min(len(d.Text), detectSample)]) {
			fast++
		}
	}
	t.Logf("%d of %d PolNeAR dev articles recognised as English by the fast path", fast, len(docs))
}

func BenchmarkDetectLanguage(b *testing.B) {
	text := "Le conseil municipal a adopté jeudi soir le budget pour l'année prochaine, malgré les critiques de l'opposition sur la hausse des impôts locaux."
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		detectLanguage(text)
	}
}
