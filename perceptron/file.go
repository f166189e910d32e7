package perceptron

import (
	"bufio"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"io"
	"math"
)

const magic = "saywho-perceptron-1\n"

// Save writes m sparse and quantised to 16 bits, compressed: only rows
// with a weight that survives quantisation are written, in row order, so
// the same model always gives the same bytes.
func (m *Model) Save(w io.Writer) error {
	scale := m.scale
	if scale == 0 {
		var maxAbs float32
		for _, v := range m.W {
			maxAbs = max(maxAbs, float32(math.Abs(float64(v))))
		}
		scale = maxAbs / 32767
		if scale == 0 {
			scale = 1
		}
	}
	zw, err := flate.NewWriter(w, flate.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	var buf [binary.MaxVarintLen64]byte
	put := func(v uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], v)]) }
	putF := func(f float32) { binary.Write(bw, binary.LittleEndian, f) }
	bw.WriteString(magic)
	put(uint64(m.Classes))
	put(uint64(m.Bits))
	putF(scale)
	for _, v := range m.Trans {
		putF(v)
	}
	C := m.Classes
	q := make([]int64, C)
	last := -1
	for r := 0; r < len(m.W)/C; r++ {
		nz := false
		for c := 0; c < C; c++ {
			q[c] = int64(math.Round(float64(m.W[r*C+c] / scale)))
			nz = nz || q[c] != 0
		}
		if !nz {
			continue
		}
		put(uint64(r - last)) // gap to the previous written row, >= 1
		last = r
		for c := 0; c < C; c++ {
			bw.Write(buf[:binary.PutVarint(buf[:], q[c])])
		}
	}
	put(0) // end
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// Load reads a model written by Save.
func Load(r io.Reader) (*Model, error) {
	br := bufio.NewReader(flate.NewReader(r))
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != magic {
		return nil, fmt.Errorf("%w: no header", ErrModel)
	}
	classes, err1 := binary.ReadUvarint(br)
	bits, err2 := binary.ReadUvarint(br)
	if err1 != nil || err2 != nil || classes < 1 || classes > 256 || bits < 1 || bits > 26 {
		return nil, fmt.Errorf("%w: bad shape", ErrModel)
	}
	m := New(int(classes), uint(bits))
	var scale float32
	if err := binary.Read(br, binary.LittleEndian, &scale); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrModel, err)
	}
	if !(scale > 0) || math.IsInf(float64(scale), 0) {
		return nil, fmt.Errorf("%w: bad scale %v", ErrModel, scale)
	}
	m.scale = scale
	if err := binary.Read(br, binary.LittleEndian, m.Trans); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrModel, err)
	}
	C := m.Classes
	rows := len(m.W) / C
	m.w16 = make([]int16, len(m.W))
	// The rows are decoded from memory: a varint at a time through the
	// reader took most of the time of loading a model. A well-formed
	// file has at most a gap and C weights per row, each a varint of at
	// most 3 bytes, and the end mark.
	limit := int64(rows)*int64(3*C+4) + 1
	rest, err := io.ReadAll(io.LimitReader(br, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrModel, err)
	}
	if int64(len(rest)) > limit {
		return nil, fmt.Errorf("%w: too long", ErrModel)
	}
	row := -1
	for {
		gap, n := binary.Uvarint(rest)
		if n <= 0 {
			return nil, fmt.Errorf("%w: truncated", ErrModel)
		}
		rest = rest[n:]
		if gap == 0 {
			break
		}
		if gap > uint64(rows) || row+int(gap) >= rows {
			return nil, fmt.Errorf("%w: row out of range", ErrModel)
		}
		row += int(gap)
		for c := 0; c < C; c++ {
			v, n := binary.Varint(rest)
			if n <= 0 {
				return nil, fmt.Errorf("%w: truncated", ErrModel)
			}
			rest = rest[n:]
			if v < math.MinInt16 || v > math.MaxInt16 {
				return nil, fmt.Errorf("%w: weight out of range", ErrModel)
			}
			m.W[row*C+c] = float32(v) * scale
			m.w16[row*C+c] = int16(v)
		}
	}
	return m, nil
}

// Quantize returns m as Save and Load would give it back, so that a
// freshly trained model predicts exactly as the embedded one will.
func (m *Model) Quantize() *Model {
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(m.Save(pw)) }()
	q, err := Load(pr)
	if err != nil {
		panic("perceptron: round trip of a model failed: " + err.Error())
	}
	return q
}
