package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"
)

// The word_docs table holds each word's number of statements, for
// ranking. Writing it with every batch cost an eighth of Put: a batch's
// few thousand distinct words are a few thousand upserts, most of them
// the same common words batch after batch. So Put counts words in memory
// and writes them every few batches, adding up what they had in common.
//
// The table then counts the statements up to a watermark, the count
// "words_through" (the largest statement id counted). Put writes the
// counts it holds only if the watermark is where they started; anything
// else (a crash lost counts, or another process wrote statements in
// between) is repaired by counting the words of the statements past the
// watermark from their text. Searches in the meantime rank with counts a
// few batches old, which moves a word's weight by a hair.

// maxPendingWords bounds the distinct words held before a write (a
// variable for tests).
var maxPendingWords = 50_000

// maxPendingAge bounds how long counts are held while batches keep
// coming, for a process that ingests a trickle (saywho ingest --every):
// the first batch after it writes them.
const maxPendingAge = time.Minute

// wordDocs holds the counts of the statements (from, through] not yet in
// word_docs. Put decides within its transaction what to do with its
// batch's counts, and applies the decision only once it has committed.
type wordDocs struct {
	mu      sync.Mutex
	pending *docCounter // nil: none held
	from    int64       // the watermark the pending counts start at
	through int64       // the last statement they count
	since   time.Time   // when the first of them was counted
}

// wordsPlan is what a batch does with its counts: hold them with those
// pending, or write everything (and then hold nothing).
type wordsPlan struct {
	write      bool
	mark, last int64 // the watermark before the batch; its last statement
}

// batch plans, within a Put's transaction, what becomes of the counts of
// the batch's statements, those after before, and writes word_docs when
// the time has come. w.mu is held from batch to commit, so that batches
// are applied in the order they committed.
func (w *wordDocs) batch(ctx context.Context, tx *sql.Tx, p *putter, before int64, batch *docCounter) (wordsPlan, error) {
	var plan wordsPlan
	var err error
	if plan.last, err = lastStatement(ctx, tx); err != nil {
		return plan, fmt.Errorf("word counts: %w", err)
	}
	if plan.mark, err = watermark(ctx, tx); err != nil {
		return plan, err
	}
	contiguous := w.pending == nil && plan.mark == before ||
		w.pending != nil && w.from == plan.mark && w.through == before
	if contiguous && len(w.words())+len(batch.words) < maxPendingWords &&
		(w.pending == nil || time.Since(w.since) < maxPendingAge) {
		return plan, nil
	}
	plan.write = true
	if contiguous {
		// The watermark is where the pending counts start: they and the
		// batch's count the statements after it, and both add up.
		for _, c := range []*docCounter{w.pending, batch} {
			if err := writeWords(ctx, p, c); err != nil {
				return plan, err
			}
		}
	} else if err := recount(ctx, tx, p, plan.mark); err != nil {
		return plan, err
	}
	return plan, setWatermark(ctx, tx, plan.last)
}

// commit applies a committed batch's plan.
func (w *wordDocs) commit(plan wordsPlan, batch *docCounter) {
	switch {
	case plan.write:
		w.pending = nil
	case w.pending == nil:
		w.pending, w.from, w.through, w.since = batch, plan.mark, plan.last, time.Now()
	default:
		w.pending.merge(batch)
		w.through = plan.last
	}
}

func (w *wordDocs) words() map[string]*docCount {
	if w.pending == nil {
		return nil
	}
	return w.pending.words
}

// flushWords writes the pending counts, or counts what the watermark
// misses, in a transaction of its own. Close calls it, so that a store
// closed after an ingest has every word counted.
func (db *DB) flushWords(ctx context.Context) error {
	// The connection first, then the lock, in the order put takes them.
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("count words: %w", err)
	}
	defer tx.Rollback()
	w := &db.words
	w.mu.Lock()
	defer w.mu.Unlock()
	last, err := lastStatement(ctx, tx)
	if err != nil {
		return fmt.Errorf("count words: %w", err)
	}
	mark, err := watermark(ctx, tx)
	if err != nil || mark == last {
		return err
	}
	p := &putter{tx: tx, stmts: map[string]*sql.Stmt{}, prepared: db.prepared}
	defer p.close()
	if w.pending != nil && w.from == mark && w.through == last {
		err = writeWords(ctx, p, w.pending)
	} else {
		err = recount(ctx, tx, p, mark)
	}
	if err == nil {
		err = setWatermark(ctx, tx, last)
	}
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		return fmt.Errorf("count words: %w", err)
	}
	w.pending = nil
	return nil
}

// lastStatement returns the largest statement id, 0 in an empty store.
func lastStatement(ctx context.Context, q queryer) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM statements`).Scan(&id)
	return id, err
}

func watermark(ctx context.Context, tx *sql.Tx) (int64, error) {
	var mark int64
	if err := tx.QueryRowContext(ctx, `SELECT n FROM counts WHERE name = 'words_through'`).Scan(&mark); err != nil {
		return 0, fmt.Errorf("word counts watermark: %w", err)
	}
	return mark, nil
}

func setWatermark(ctx context.Context, tx *sql.Tx, mark int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE counts SET n = ? WHERE name = 'words_through'`, mark); err != nil {
		return fmt.Errorf("word counts watermark: %w", err)
	}
	return nil
}

// recount adds the words of the statements after the watermark mark, read
// back from the table.
func recount(ctx context.Context, tx *sql.Tx, p *putter, mark int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT text FROM statements WHERE id > ? ORDER BY id`, mark)
	if err != nil {
		return fmt.Errorf("recount words: %w", err)
	}
	c := newDocCounter()
	for rows.Next() {
		var text string
		if err := rows.Scan(&text); err != nil {
			rows.Close()
			return fmt.Errorf("recount words: %w", err)
		}
		c.add(text)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("recount words: %w", err)
	}
	return writeWords(ctx, p, c)
}

// writeWords adds counts to word_docs. In key order, the upserts walk
// the index's pages once, left to right, rather than jumping about it.
func writeWords(ctx context.Context, p *putter, c *docCounter) error {
	if c == nil || len(c.words) == 0 {
		return nil
	}
	rows := make([][]any, 0, len(c.words))
	for _, w := range slices.Sorted(maps.Keys(c.words)) {
		rows = append(rows, []any{w, c.words[w].n})
	}
	if err := p.rows(ctx, sqlWordDocs, 2, rows); err != nil {
		return fmt.Errorf("word counts: %w", err)
	}
	return nil
}

// docCounter counts, for each word, the documents (statements) it occurs
// in, for the word_docs table.
type docCounter struct {
	words map[string]*docCount
	doc   int32 // the document being added, from 1
}

type docCount struct{ n, last int32 }

func newDocCounter() *docCounter { return &docCounter{words: map[string]*docCount{}} }

// add counts each distinct word of text once. Like scanDoc, it folds only
// the words that are not ASCII. A word seen before costs a lookup and no
// allocation: Put adds every statement it stores.
func (c *docCounter) add(text string) {
	c.doc++
	count := func(w []byte) {
		e := c.words[string(w)]
		if e == nil {
			e = &docCount{}
			c.words[string(w)] = e
		}
		if e.last != c.doc {
			e.last = c.doc
			e.n++
		}
	}
	var lower []byte
	for word, ascii, next := nextWord(text, 0); word != ""; word, ascii, next = nextWord(text, next) {
		if !ascii {
			for _, f := range fold(word) {
				count([]byte(f))
			}
			continue
		}
		lower = append(lower[:0], word...)
		for k, c := range lower {
			if c >= 'A' && c <= 'Z' {
				lower[k] = c + 'a' - 'A'
			}
		}
		count(lower)
	}
}

// merge adds o's counts to c's.
func (c *docCounter) merge(o *docCounter) {
	for w, e := range o.words {
		if d := c.words[w]; d != nil {
			d.n += e.n
		} else {
			c.words[w] = &docCount{n: e.n}
		}
	}
}
