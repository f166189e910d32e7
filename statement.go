package saywho

// Kind says how a statement is reported.
type Kind string

const (
	// Direct: the content is wholly inside quote marks.
	Direct Kind = "direct"
	// Indirect: reported speech, no quote marks around the content.
	Indirect Kind = "indirect"
	// Mixed: reported speech holding a quoted fragment.
	Mixed Kind = "mixed"
)

// SpeakerType says what kind of thing the speaker is.
type SpeakerType string

const (
	Person       SpeakerType = "person"
	Organization SpeakerType = "organization"
	Unknown      SpeakerType = "unknown"
)

// Statement is one attributed statement: content, who said it, the cue that
// says so.
type Statement struct {
	Kind Kind `json:"kind"`
	// Content is the outer span of what was said, from the first piece's
	// start to the last piece's end. For direct quotes it includes the
	// quote marks.
	Content Span `json:"content"`
	// Parts are the pieces of the content when it is interrupted, e.g. by
	// its own attribution ("...," he said, "..."). Nil when the content is
	// one piece.
	Parts   []Span  `json:"parts,omitempty"`
	Speaker Speaker `json:"speaker"`
	Cue     Span    `json:"cue"`
	// Section is the index into Article.Sections, or -1.
	Section int `json:"section"`
	// Confidence is the extractor's estimate, in [0, 1], that content and
	// speaker are both right.
	Confidence float64 `json:"confidence"`
}

// Speaker is who a statement is attributed to.
type Speaker struct {
	// Name is the resolved canonical name ("Dmitry Peskov"), empty when
	// the speaker is unknown.
	Name string `json:"name"`
	// Entity is the index into Analysis.Entities of the resolved speaker,
	// or -1.
	Entity int         `json:"entity"`
	Type   SpeakerType `json:"type"`
	// Mention is the speaker's mention in the attribution itself, next to
	// the cue ("he", "the spokesman", "Peskov").
	Mention Span `json:"mention"`
	// Antecedent is the mention the Mention was resolved to, where it
	// differs ("Kremlin spokesman Dmitry Peskov" for "he").
	Antecedent Span `json:"antecedent,omitzero"`
	// Role and Org as the article gives them ("Prime Minister",
	// "Government of Japan"), possibly empty.
	Role string `json:"role,omitempty"`
	Org  string `json:"org,omitempty"`
}

// EntityType is the class of a named entity.
type EntityType string

const (
	EntityPerson       EntityType = "person"
	EntityOrganization EntityType = "organization"
	EntityPlace        EntityType = "place"
)

// Entity is a person, organisation or place named in an article, with one
// canonical name for all its mentions.
type Entity struct {
	Name     string     `json:"name"`
	Type     EntityType `json:"type"`
	Mentions []Span     `json:"mentions"`
	// Aliases are other names the article uses for it ("SVR").
	Aliases []string `json:"aliases,omitempty"`
	// Metonym is set on a place mention that stands for a government or
	// body ("Tokyo" for the Japanese government); it names what it stands
	// for.
	Metonym string `json:"metonym,omitempty"`
	Role    string `json:"role,omitempty"`
	Org     string `json:"org,omitempty"`
}

// Figure is a number printed in the article with its unit and what it
// measures ("22.94% of the vote").
type Figure struct {
	Span  Span    `json:"span"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit,omitempty"`
	// About is the span of the words saying what is measured, when found.
	About Span `json:"about,omitzero"`
}

// Analysis is everything extracted from one article.
type Analysis struct {
	Article    *Article    `json:"article"`
	Statements []Statement `json:"statements"`
	Entities   []Entity    `json:"entities"`
	Figures    []Figure    `json:"figures"`
}
