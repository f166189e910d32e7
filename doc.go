// Package saywho holds the domain of the project: articles, the statements
// found in them and the people, organisations, places and figures they name.
//
// Every annotation is a Span of offsets into the one Text of its Article;
// nothing is copied out of the text. Offsets are Unicode code points, end
// exclusive, everywhere a Span appears: in memory, in the JSON output, in the
// store and in the HTTP API. One unit everywhere means a span read from any of
// them can be applied to the stored text without conversion.
//
// The packages below this one do the work: article turns inputs into an
// Article, extract finds statements in it, store keeps them, server shows
// them. This package imports none of them.
package saywho
