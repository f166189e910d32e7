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
// a silent replacement, since every offset is counted in this text.
func (in Input) decodeText() (string, error) {
	b := in.Body
	if enc := utf16BOM(b); enc != nil {
		d, err := enc.NewDecoder().Bytes(b)
		if err != nil {
			return "", in.errorf("UTF-16: %v: %w", err, ErrEncoding)
		}
		if err := in.checkBinary(d); err != nil {
			return "", err
		}
		return strings.ToValidUTF8(string(d), "\uFFFD"), nil
	}
	if err := in.checkBinary(b); err != nil {
		return "", err
	}
	if _, label := in.mediaType(); label != "" && !isUTF8Label(label) {
		enc, name := charset.Lookup(label)
		if enc == nil {
			return "", in.errorf("unknown charset %q: %w", label, ErrEncoding)
		}
		d, err := enc.NewDecoder().Bytes(b)
		if err != nil {
			return "", in.errorf("decoding %s: %v: %w", name, err, ErrEncoding)
		}
		return strings.ToValidUTF8(string(d), "\uFFFD"), nil
	}
	if !utf8.Valid(b) {
		return "", in.errorf("invalid UTF-8 at byte offset %d: %w", firstInvalidUTF8(b), ErrEncoding)
	}
	return string(b), nil
}

// decodeHTML turns an HTML body into UTF-8 the way a browser would: byte
// order mark, then the content type's charset, then a <meta> declaration in
// the first kilobyte, else UTF-8 when the bytes are valid UTF-8 and
// windows-1252 when not. Bytes that do not decode become U+FFFD.
func (in Input) decodeHTML() (string, error) {
	b := in.Body
	if utf16BOM(b) == nil {
		if err := in.checkBinary(b); err != nil {
			return "", err
		}
	}
	enc, name, _ := charset.DetermineEncoding(b, in.ContentType)
	d, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return "", in.errorf("decoding %s: %v: %w", name, err, ErrEncoding)
	}
	d = bytes.TrimPrefix(d, []byte("\xef\xbb\xbf"))
	if utf16BOM(b) != nil {
		if err := in.checkBinary(d); err != nil {
			return "", err
		}
	}
	return strings.ToValidUTF8(string(d), "\uFFFD"), nil
}
