package gazetteer

// ParseEmbedded parses the embedded file afresh, for BenchmarkLoad.
func ParseEmbedded() any {
	x, err := parse(entriesTSV)
	if err != nil {
		panic(err)
	}
	return x
}

// EmbeddedSize is the size of the embedded file.
func EmbeddedSize() int { return len(entriesTSV) }
