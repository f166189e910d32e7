// Package identity says who is who across a corpus: which speakers and
// entities of different articles are one person, organisation or place.
//
// The extractor settles identity within an article ("Peskov", "he" and
// "the spokesman" are "Dmitry Peskov" there). Across articles the same
// person is printed "Dmitri Peskov", "Dmitriy Peskov", "Mr. Peskov" or
// only "the Kremlin spokesman"; and two articles' "Smith" may be two
// people. Resolve takes one Unit per article and name (Builder makes them
// from analyses or stored rows) and groups them:
//
//   - persons by name, ignoring honorifics and titles, middle names and
//     initials, transliteration variants (Dmitry/Dmitri/Dmitriy,
//     Zelensky/Zelenskyy/Zelenskiy) and English nicknames (Joe/Joseph),
//     but never across a generational suffix (Jr.) or two different
//     middle initials (George W. and George H. W. Bush);
//   - an initial ("J. Smith") with the one person of the corpus it fits;
//   - a surname alone with the one person of that surname its article
//     names in full, else with the one person of that surname in the
//     corpus whose role or organisation it shares (or the only one of that
//     surname, when it has no role); otherwise surnames stay a pool of
//     their own, never merged into any of the people who bear them;
//   - a speaker known only by a role ("the Kremlin spokesman") with the
//     one person the corpus shows in that office around the article's
//     date, when the role is an office (held by one person at a time);
//   - organisations and places by their gazetteer name (SVR = Foreign
//     Intelligence Service of Russia; Kiev = Kyiv), seats with the body
//     they stand for, marked as metonyms ("the Kremlin" for the Russian
//     presidency, which is not Russia), and organisations by a short form
//     an article gives them.
//
// Weak clues (spellings, nicknames, initials, surnames) never join two
// people that one article names apart, that honorifics give different
// genders, or that the articles know by roles and organisations with
// nothing in common. Persons are never merged with organisations, except
// for a bare surname the tagger took for an organisation in an article
// naming that person ("the Trump campaign" stays an organisation).
//
// Users correct the result with Rules (merge, split, move statements),
// which name speakers and statements by what they are, not by row ids,
// so that they survive re-ingests and re-extraction.
package identity
