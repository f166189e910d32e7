package article

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// utf16BOM returns the UTF-16 decoding that b's byte order mark announces,
// or nil. The decoder it returns drops the mark.
func utf16BOM(b []byte) encoding.Encoding {
	switch {
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	}
	return nil
}

// isUTF8Label reports whether a charset label means UTF-8 or its ASCII
// subset, which need validation rather than decoding.
func isUTF8Label(label string) bool {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "unicode-1-1-utf-8", "us-ascii", "ascii":
		return true
	}
	return false
}

// decodeText turns a plain text body into a valid UTF-8 string. A UTF-16
// byte order mark or a charset in the content type is honoured; otherwise
// the body must be UTF-8, and the first invalid byte is an error rather than
// a silent replacement, since every offset is counted in this text. The
// binary check runs on the decoded text, so that UTF-16 is not taken for
// binary for its NUL bytes.
func (in Input) decodeText() (string, error) {
	b := in.Body
	enc, name := utf16BOM(b), "UTF-16"
	if _, label := in.mediaType(); enc == nil && label != "" && !isUTF8Label(label) {
		if enc, name = charset.Lookup(label); enc == nil {
			return "", in.errorf("unknown charset %q: %w", label, ErrEncoding)
		}
	}
	if enc == nil {
		if err := in.checkBinary(b); err != nil {
			return "", err
		}
		if !utf8.Valid(b) {
			return "", in.errorf("invalid UTF-8 at byte offset %d: %w", firstInvalidUTF8(b), ErrEncoding)
		}
		return string(b), nil
	}
	d, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return "", in.errorf("decoding %s: %v: %w", name, err, ErrEncoding)
	}
	if err := in.checkBinary(d); err != nil {
		return "", err
	}
	return strings.ToValidUTF8(string(d), "\uFFFD"), nil
}

// decodeHTML turns an HTML body into UTF-8 the way a browser would: byte
// order mark, then the content type's charset, then a <meta> declaration in
// the first kilobyte, else UTF-8 when the bytes are valid UTF-8 and
// windows-1252 when not. Bytes that do not decode become U+FFFD.
func (in Input) decodeHTML() (string, error) {
	b := in.Body
	enc, name, _ := charset.DetermineEncoding(b, in.ContentType)
	wide := strings.HasPrefix(name, "utf-16")
	if !wide {
		if err := in.checkBinary(b); err != nil {
			return "", err
		}
	}
	d, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return "", in.errorf("decoding %s: %v: %w", name, err, ErrEncoding)
	}
	d = bytes.TrimPrefix(d, []byte("\xef\xbb\xbf"))
	if wide {
		if err := in.checkBinary(d); err != nil {
			return "", err
		}
	}
	return strings.ToValidUTF8(string(d), "\uFFFD"), nil
}
