package tag

import (
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/saywho/saywho/perceptron"
)

// The model file: a header line, the entity classes by name, the two tag
// dictionaries (word hashes sorted, so the same model gives the same
// bytes), the vocabulary with the tags
// and entity classes each word took, then the POS and NER perceptron models as package perceptron
// saves them, each prefixed by its length.
const fileMagic = "saywho-tagger-3\n"

// ErrModel is returned when a model file is not a tagger model.
var ErrModel = errors.New("tag: bad model")

// Save writes the tagger's model.
func (t *Tagger) Save(w io.Writer) error {
	bw := bufio.NewWriter(w)
	var buf [binary.MaxVarintLen64]byte
	put := func(v uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], v)]) }
	bw.WriteString(fileMagic)
	put(uint64(len(t.nerClasses)))
	for _, c := range t.nerClasses {
		put(uint64(len(c.String())))
		bw.WriteString(c.String())
	}
	keys := make([]uint64, 0, len(t.posDict))
	for h := range t.posDict {
		keys = append(keys, h)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	put(uint64(len(keys)))
	for _, h := range keys {
		binary.Write(bw, binary.LittleEndian, h)
		bw.WriteByte(t.posDict[h])
	}
	keys = keys[:0]
	for h := range t.oDict {
		keys = append(keys, h)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	put(uint64(len(keys)))
	for _, h := range keys {
		binary.Write(bw, binary.LittleEndian, h)
	}
	put(uint64(len(t.vocab)))
	for v, s := range t.vocab {
		put(uint64(len(s)))
		bw.WriteString(s)
		put(t.vocabTags[v])
		put(t.vocabClasses[v])
	}
	for _, m := range []*perceptron.Model{t.pos, t.ner} {
		var mb bytes.Buffer
		if err := m.Save(&mb); err != nil {
			return fmt.Errorf("tag: save model: %w", err)
		}
		put(uint64(mb.Len()))
		bw.Write(mb.Bytes())
	}
	return bw.Flush()
}

// Load reads a model written by Save.
func Load(r io.Reader) (*Tagger, error) {
	br := bufio.NewReader(r)
	bad := func(what string, err error) (*Tagger, error) {
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrModel, what, err)
		}
		return nil, fmt.Errorf("%w: %s", ErrModel, what)
	}
	head := make([]byte, len(fileMagic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != fileMagic {
		return bad("no header", nil)
	}
	t := &Tagger{posDict: map[uint64]uint8{}, oDict: map[uint64]bool{}}
	nc, err := binary.ReadUvarint(br)
	if err != nil || nc < 1 || nc > uint64(numClass) {
		return bad("entity classes", err)
	}
	for range nc {
		l, err := binary.ReadUvarint(br)
		if err != nil || l > 32 {
			return bad("entity class name", err)
		}
		name := make([]byte, l)
		if _, err := io.ReadFull(br, name); err != nil {
			return bad("entity class name", err)
		}
		c, ok := ParseClass(string(name))
		if !ok {
			return bad(fmt.Sprintf("unknown entity class %q", name), nil)
		}
		t.nerClasses = append(t.nerClasses, c)
	}
	if t.nerClasses[0] != None {
		return bad("first entity class is not O", nil)
	}
	n, err := binary.ReadUvarint(br)
	if err != nil || n > 1<<24 {
		return bad("tag dictionary", err)
	}
	for range n {
		var h uint64
		if err := binary.Read(br, binary.LittleEndian, &h); err != nil {
			return bad("tag dictionary", err)
		}
		c, err := br.ReadByte()
		if err != nil || c >= uint8(numPOS-1) {
			return bad("tag dictionary", err)
		}
		t.posDict[h] = c
	}
	n, err = binary.ReadUvarint(br)
	if err != nil || n > 1<<24 {
		return bad("O dictionary", err)
	}
	for range n {
		var h uint64
		if err := binary.Read(br, binary.LittleEndian, &h); err != nil {
			return bad("O dictionary", err)
		}
		t.oDict[h] = true
	}
	n, err = binary.ReadUvarint(br)
	if err != nil || n > 1<<24 {
		return bad("vocabulary", err)
	}
	for range n {
		l, err := binary.ReadUvarint(br)
		if err != nil || l > 1<<16 {
			return bad("vocabulary", err)
		}
		s := make([]byte, l)
		if _, err := io.ReadFull(br, s); err != nil {
			return bad("vocabulary", err)
		}
		tags, err := binary.ReadUvarint(br)
		if err != nil || tags == 0 || tags>>(numPOS-1) != 0 {
			return bad("vocabulary tags", err)
		}
		classes, err := binary.ReadUvarint(br)
		if err != nil || classes == 0 || classes>>len(t.nerClasses) != 0 {
			return bad("vocabulary classes", err)
		}
		t.vocab = append(t.vocab, string(s))
		t.vocabTags = append(t.vocabTags, tags)
		t.vocabClasses = append(t.vocabClasses, classes)
	}
	for k, want := range []int{int(numPOS - 1), len(t.nerClasses)} {
		l, err := binary.ReadUvarint(br)
		if err != nil || l > 1<<30 {
			return bad("model length", err)
		}
		b := make([]byte, l)
		if _, err := io.ReadFull(br, b); err != nil {
			return bad("model", err)
		}
		if err := checkShape(b, want); err != nil {
			return bad("model", err)
		}
		m, err := perceptron.Load(bytes.NewReader(b))
		if err != nil {
			return bad("model", err)
		}
		if m.Classes != want {
			return bad(fmt.Sprintf("model %d has %d classes, want %d", k, m.Classes, want), nil)
		}
		if k == 0 {
			t.pos = m
		} else {
			t.ner = m
		}
	}
	t.compact()
	return t, nil
}

// maxBits bounds the tables a model file may ask for: package perceptron
// allocates 2^bits rows before reading them, and a corrupt file must not
// ask for gigabytes.
const maxBits = 22

// checkShape peeks at the header of a saved perceptron model (compressed:
// a magic line, then the number of classes and of bits as uvarints) and
// checks it before package perceptron allocates its table.
func checkShape(b []byte, classes int) error {
	br := bufio.NewReader(flate.NewReader(bytes.NewReader(b)))
	if _, err := br.ReadString('\n'); err != nil {
		return err
	}
	c, err1 := binary.ReadUvarint(br)
	bits, err2 := binary.ReadUvarint(br)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	if c != uint64(classes) || bits < 1 || bits > maxBits {
		return fmt.Errorf("shape %d classes x 2^%d rows, want %d classes and at most 2^%d rows", c, bits, classes, maxBits)
	}
	return nil
}
