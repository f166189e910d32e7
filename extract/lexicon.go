package extract

import "strings"

// speechVerbs are the verbs that report speech, writing or stated belief,
// in their base form; particles follow the verb ("point out"). This is the
// hand-written lexicon of the rule pipeline. It is deliberately wide (news
// reports speech with hundreds of verbs) but keeps to verbs that take the
// content as a clause or a quote: "criticised X" reports an act, not words.
var speechVerbs = strings.Fields(`
	say tell add note state claim argue explain insist warn announce declare
	suggest report write tweet post ask reply respond answer acknowledge admit
	assert contend emphasize emphasise stress continue conclude recall predict
	promise vow pledge deny confirm reveal maintain comment remark observe
	testify concede charge allege complain caution urge propose mention indicate
	estimate believe think counter retort quip joke boast brag lament concur
	agree disagree forecast speculate wonder hope fear worry expect reckon hint
	imply signal clarify elaborate reiterate repeat underline underscore
	highlight proclaim inform advise recommend demand threaten assure reassure
	guarantee swear affirm attest disclose divulge publish shout yell scream
	whisper mutter murmur exclaim sigh snap scoff mock tell acknowledge
	describe contend complain surmise theorize theorise opine posit aver
	suspect calculate project recount relate narrate recommend figure feel
	know understand learn hear read show find conclude determine assess judge
	`)

// particleVerbs are verb + particle cues; the particle is part of the cue.
var particleVerbs = map[string][]string{
	"point": {"out"}, "chime": {"in"}, "weigh": {"in"}, "lash": {"out"},
	"hit": {"back", "out"}, "sum": {"up"}, "go": {"on"}, "spell": {"out"},
	"fire": {"back"}, "shoot": {"back"}, "push": {"back"}, "sound": {"off"},
	"make": {"clear"}, "write": {"in"}, "speak": {"out"},
}

// irregular past forms, and the past participle where it differs.
var irregular = map[string][]string{
	"say": {"said"}, "tell": {"told"}, "write": {"wrote", "written"},
	"think": {"thought"}, "swear": {"swore", "sworn"}, "speak": {"spoke", "spoken"},
	"forecast": {"forecast", "forecasted"}, "feel": {"felt"}, "know": {"knew", "known"},
	"understand": {"understood"}, "hear": {"heard"}, "read": {"read"},
	"show": {"showed", "shown"}, "find": {"found"}, "go": {"went", "gone"},
	"make": {"made"}, "hit": {"hit"}, "shoot": {"shot"}, "learn": {"learned", "learnt"},
	"spell": {"spelled", "spelt"}, "put": {"put"},
}

// cueForms maps every inflected form of a speech verb to its base form.
var cueForms = map[string]string{}

// particles maps a verb form to the particles that extend it into a cue.
var particles = map[string][]string{}

func init() {
	for _, v := range speechVerbs {
		for _, f := range inflect(v) {
			cueForms[f] = v
		}
	}
	for v, ps := range particleVerbs {
		for _, f := range inflect(v) {
			if _, ok := cueForms[f]; !ok {
				cueForms[f] = v
			}
			particles[f] = ps
		}
	}
}

// inflect returns the base, third person, past and -ing forms of a
// regular English verb, or the listed irregular ones.
func inflect(v string) []string {
	forms := []string{v}
	// third person
	switch {
	case strings.HasSuffix(v, "y") && !isVowel(v[len(v)-2]):
		forms = append(forms, v[:len(v)-1]+"ies")
	case strings.HasSuffix(v, "s") || strings.HasSuffix(v, "sh") || strings.HasSuffix(v, "ch") || strings.HasSuffix(v, "x") || strings.HasSuffix(v, "o"):
		forms = append(forms, v+"es")
	default:
		forms = append(forms, v+"s")
	}
	if irr, ok := irregular[v]; ok {
		forms = append(forms, irr...)
	} else {
		switch {
		case strings.HasSuffix(v, "e"):
			forms = append(forms, v+"d")
		case strings.HasSuffix(v, "y") && !isVowel(v[len(v)-2]):
			forms = append(forms, v[:len(v)-1]+"ied")
		case doubles(v):
			forms = append(forms, v+v[len(v)-1:]+"ed")
		default:
			forms = append(forms, v+"ed")
		}
	}
	switch {
	case strings.HasSuffix(v, "ee") || strings.HasSuffix(v, "ye"):
		forms = append(forms, v+"ing")
	case strings.HasSuffix(v, "e"):
		forms = append(forms, v[:len(v)-1]+"ing")
	case doubles(v):
		forms = append(forms, v+v[len(v)-1:]+"ing")
	default:
		forms = append(forms, v+"ing")
	}
	return forms
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

// doubles reports whether the final consonant doubles before -ed/-ing:
// a stressed final syllable consonant-vowel-consonant (admit, quip,
// concur, regret). Unstressed ones (offer, happen) are listed out.
func doubles(v string) bool {
	n := len(v)
	if n < 3 {
		return false
	}
	c, vw, c0 := v[n-1], v[n-2], v[n-3]
	if isVowel(c) || c == 'w' || c == 'x' || c == 'y' || !isVowel(vw) || isVowel(c0) {
		return false
	}
	switch v {
	case "admit", "quip", "concur", "regret", "commit", "submit", "permit", "refer", "prefer", "infer", "aver", "rebut", "chat", "snap", "jot", "hit", "shoot", "put", "stop", "plan":
		return true
	}
	return n <= 4 // short verbs: chat, snap, jot, quip
}

// reportNouns are the words for documents and findings whose author
// speaks through them: "according to the results published by CEC".
var reportNouns = map[string]bool{
	"results": true, "result": true, "report": true, "reports": true, "data": true,
	"figures": true, "poll": true, "polls": true, "survey": true, "study": true,
	"statement": true, "statements": true, "documents": true, "document": true,
	"estimates": true, "estimate": true, "analysis": true, "count": true,
	"tally": true, "findings": true, "records": true, "filing": true, "filings": true,
	"release": true, "memo": true, "letter": true, "transcript": true,
}

// roleNouns name a person by office or function ("the spokesman", "the
// official"); a speaker named so is resolved to the person the article
// named earlier in that role, or to the last person speaking.
var roleNouns = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		spokesman spokeswoman spokesperson official officials minister president
		premier chancellor secretary senator congressman congresswoman governor
		mayor ambassador envoy diplomat chief head leader director chairman
		chairwoman chair commander general admiral prosecutor attorney judge
		lawyer adviser advisor aide strategist analyst expert economist
		spokespeople representative lawmaker legislator candidate nominee
		manager ceo executive founder professor researcher scientist doctor
		officer source sources king queen prince emir sheikh pope cardinal
		bishop ayatollah colonel captain sergeant lieutenant deputy undersecretary
		commissioner inspector negotiator mediator campaigner activist organizer
		organiser consultant pollster strategist economist historian author
		writer columnist editor reporter correspondent journalist host anchor
		speaker whip leader counsel treasurer auditor regulator administrator
		superintendent sheriff police authorities officials observers experts`) {
		roleNouns[w] = true
	}
}
