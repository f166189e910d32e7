package identity

import "strings"

// nicknames maps an English short form of a given name to the full form,
// so that "Joe Biden" and "Joseph R. Biden", "Bill Clinton" and "William
// Jefferson Clinton" have one key. Only short forms that stand for one
// full name are listed: "Alex" (Alexander, Alexandra), "Chris", "Pat",
// "Sam", "Ted" (Edward, Theodore), "Al", "Steve" and the like are left out, since
// merging on them would be a guess.
var nicknames = map[string]string{}

func init() {
	for _, line := range strings.Split(nicknameTable, "\n") {
		full, shorts, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok {
			continue
		}
		for _, s := range strings.Fields(shorts) {
			nicknames[s] = full
		}
	}
}

const nicknameTable = `
abraham: abe
andrew: andy drew
anthony: tony
barbara: barb
benjamin: ben benji
bernard: bernie
charles: charlie chuck
daniel: dan danny
david: dave davy
deborah: debbie deb
donald: don donnie
edward: ed eddie ned
elizabeth: liz beth betsy libby lizzie
gregory: greg
harold: hal
henry: hank
james: jim jimmy jamie
jeffrey: jeff
jennifer: jen jenny
jonathan: jon
joseph: joe joey
katherine: kate kathy katie
kenneth: ken kenny
lawrence: larry
margaret: maggie peggy meg
matthew: matt
michael: mike mick mikey
mitchell: mitch
nicholas: nick
patricia: patty trish
peter: pete
philip: phil
rebecca: becky
richard: rick dick rich richie
robert: bob bobby rob robbie
ronald: ron ronnie
samuel: sammy
susan: sue susie
thomas: tom tommy
timothy: tim
victoria: vicky
william: bill billy will willie
`
