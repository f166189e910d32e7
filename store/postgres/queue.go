package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/article"
	"github.com/saywho/saywho/store"
)

// The job queue of ingest (ingest.Queue; this package does not import
// ingest, whose interface it satisfies): a jobs table holding each input
// with its status. Workers claim jobs with SELECT ... FOR UPDATE SKIP
// LOCKED, so that claimers never wait on each other, for a lease measured
// by the database's clock, not the workers'. Done stores the articles and
// marks their jobs in one transaction: a worker killed before its commit
// leaves its jobs claimed until the lease runs out and another worker
// claims them; one killed after it leaves them done. Either way each
// article is stored once.

// MaxAttempts is how many times a job is claimed before the queue gives
// up on it: its workers died or overran their lease each time, which an
// input that crashes or stalls its reader does.
const MaxAttempts = 5

// jobKey identifies an input in the queue. Names can be URLs of any
// length, too long for a unique index: the key is their hash.
func jobKey(in article.Input) []byte {
	h := sha256.New()
	h.Write([]byte(in.Name))
	h.Write([]byte{0})
	h.Write([]byte(in.ID))
	return h.Sum(nil)
}

// Enqueue adds a job for each input not queued before (by Name and ID)
// and reports how many it added.
func (db *DB) Enqueue(ctx context.Context, inputs []article.Input) (int, error) {
	if len(inputs) == 0 {
		return 0, nil
	}
	var c struct {
		key, body                    [][]byte
		name, item, url, ctype, meta []string
		fetched                      []*time.Time
	}
	for _, in := range inputs {
		meta := map[string]string{}
		for k, v := range in.Meta {
			meta[clean(k)] = clean(v)
		}
		b, err := json.Marshal(meta)
		if err != nil {
			return 0, fmt.Errorf("enqueue %s: %w", in.Name, err)
		}
		body := in.Body
		if body == nil {
			body = []byte{}
		}
		c.key = append(c.key, jobKey(in))
		c.name = append(c.name, clean(in.Name))
		c.item = append(c.item, clean(in.ID))
		c.url = append(c.url, clean(in.URL))
		c.ctype = append(c.ctype, clean(in.ContentType))
		c.meta = append(c.meta, string(b))
		c.body = append(c.body, body)
		c.fetched = append(c.fetched, timePtrOf(in.Fetched))
	}
	// Ids in the order listed (jobs are claimed in id order), rows in
	// key order: two processes listing the same inputs at once wait on
	// each other's rows in the same order, never in a cycle.
	tag, err := db.pool.Exec(ctx, `WITH u AS (
			SELECT nextval(pg_get_serial_sequence('jobs', 'id')) AS id, * FROM (
				SELECT * FROM unnest($1::bytea[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::bytea[])
					WITH ORDINALITY AS u(key, name, item, url, content_type, fetched, meta, body, pos)
				ORDER BY pos) ordered)
		INSERT INTO jobs (id, key, name, item, url, content_type, fetched, meta, body)
		SELECT id, key, name, item, url, content_type, fetched, meta::jsonb, body FROM u
		ORDER BY key
		ON CONFLICT (key) DO NOTHING`,
		c.key, c.name, c.item, c.url, c.ctype, c.fetched, c.meta, c.body)
	if err != nil {
		return 0, fmt.Errorf("enqueue: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// Claim leases up to n jobs to worker: pending ones, and claimed ones
// whose lease ran out, in the order they were listed.
func (db *DB) Claim(ctx context.Context, worker string, n int, lease time.Duration) ([]article.Input, error) {
	if n <= 0 {
		return nil, nil
	}
	// Jobs claimed MaxAttempts times without finishing are given up on.
	if _, err := db.pool.Exec(ctx, `UPDATE jobs SET status = 'failed', claimed_until = NULL, finished = now(),
			error = 'claimed ' || attempts || ' times and never finished: the input may crash or stall its worker'
		WHERE id IN (SELECT id FROM jobs WHERE status IN ('pending', 'claimed')
			AND status = 'claimed' AND claimed_until < now() AND attempts >= $1
			FOR UPDATE SKIP LOCKED)`, MaxAttempts); err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	rows, err := db.pool.Query(ctx, `UPDATE jobs j SET status = 'claimed', claimed_by = $1,
			claimed_until = now() + $2::bigint * interval '1 millisecond', attempts = j.attempts + 1
		FROM (SELECT id FROM jobs WHERE status IN ('pending', 'claimed')
				AND (status = 'pending' OR claimed_until < now())
			ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) c
		WHERE j.id = c.id
		RETURNING j.id, j.name, j.item, j.url, j.content_type, j.fetched, j.meta, j.body`,
		clean(worker), max(lease.Milliseconds(), 1), n)
	if err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	type claimed struct {
		id int64
		in article.Input
	}
	jobs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (claimed, error) {
		var c claimed
		var fetched *time.Time
		var meta []byte
		if err := r.Scan(&c.id, &c.in.Name, &c.in.ID, &c.in.URL, &c.in.ContentType, &fetched, &meta, &c.in.Body); err != nil {
			return c, err
		}
		if fetched != nil {
			c.in.Fetched = fetched.UTC()
		}
		if len(meta) > 0 {
			if err := json.Unmarshal(meta, &c.in.Meta); err != nil {
				return c, fmt.Errorf("job %d: meta: %w", c.id, err)
			}
			if len(c.in.Meta) == 0 {
				c.in.Meta = nil
			}
		}
		return c, nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	slices.SortFunc(jobs, func(a, b claimed) int { return int(a.id - b.id) })
	out := make([]article.Input, len(jobs))
	for i, c := range jobs {
		out[i] = c.in
	}
	return out, nil
}

// Done stores batch[i] as the article of job jobs[i] and, in the same
// transaction, marks the job done with its article (or failed, when the
// store refuses the article). A job whose lease ran out and that another
// worker claimed meanwhile is marked all the same: its article is the
// same text, stored once.
func (db *DB) Done(ctx context.Context, worker string, jobs []article.Input, batch []*saywho.Analysis) ([]store.PutResult, error) {
	if len(jobs) != len(batch) {
		return nil, fmt.Errorf("done: %d jobs for %d articles", len(jobs), len(batch))
	}
	rows, res := prepareBatch(batch)
	keys := make([][]byte, len(jobs))
	for i, j := range jobs {
		keys[i] = jobKey(j)
	}
	return db.write(ctx, rows, res, func(ctx context.Context, tx pgx.Tx, idx []int, res []store.PutResult) error {
		var k [][]byte
		var status, reason []string
		var article []*int64
		for _, i := range idx {
			k = append(k, keys[i])
			if res[i].Status == store.Failed {
				status, reason, article = append(status, "failed"), append(reason, clean(errText(res[i].Err))), append(article, nil)
			} else {
				status, reason, article = append(status, "done"), append(reason, ""), append(article, &res[i].ArticleID)
			}
		}
		return finishJobs(ctx, tx, k, status, reason, article)
	})
}

func errText(err error) string {
	if err == nil {
		return "failed"
	}
	return err.Error()
}

// finishJobs sets the final status of jobs, locking them in id order so
// that two workers finishing the same jobs (a lease that ran out) wait
// rather than deadlock. A done job's input is dropped: the article holds
// what is needed now.
func finishJobs(ctx context.Context, tx pgx.Tx, keys [][]byte, status, reason []string, article []*int64) error {
	_, err := tx.Exec(ctx, `WITH u AS (
			SELECT j.id, u.status, u.reason, u.article FROM jobs j
			JOIN unnest($1::bytea[], $2::text[], $3::text[], $4::bigint[]) AS u(key, status, reason, article) ON j.key = u.key
			ORDER BY j.id FOR UPDATE OF j)
		UPDATE jobs SET status = u.status, error = nullif(u.reason, ''), article_id = u.article,
			claimed_until = NULL, finished = now(),
			body = CASE WHEN u.status = 'done' THEN NULL ELSE jobs.body END
		FROM u WHERE jobs.id = u.id`, keys, status, reason, article)
	if err != nil {
		return fmt.Errorf("finish jobs: %w", err)
	}
	return nil
}

// Fail marks the claimed jobs failed with reasons[i]; they are not
// claimed again.
func (db *DB) Fail(ctx context.Context, worker string, jobs []article.Input, reasons []string) error {
	if len(jobs) != len(reasons) {
		return fmt.Errorf("fail: %d jobs for %d reasons", len(jobs), len(reasons))
	}
	if len(jobs) == 0 {
		return nil
	}
	keys := make([][]byte, len(jobs))
	status := make([]string, len(jobs))
	why := make([]string, len(jobs))
	for i, j := range jobs {
		keys[i], status[i], why[i] = jobKey(j), "failed", clean(reasons[i])
		if why[i] == "" {
			why[i] = "failed"
		}
	}
	return db.tx(ctx, func(tx pgx.Tx) error {
		return finishJobs(ctx, tx, keys, status, why, make([]*int64, len(jobs)))
	})
}

// Pending counts the jobs waiting or claimed.
func (db *DB) Pending(ctx context.Context) (int, error) {
	var n int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM jobs WHERE status IN ('pending', 'claimed')`).Scan(&n); err != nil {
		return 0, fmt.Errorf("pending jobs: %w", err)
	}
	return n, nil
}

// JobCounts counts the jobs by status, for reports and tests.
func (db *DB) JobCounts(ctx context.Context) (map[string]int, error) {
	rows, err := db.pool.Query(ctx, `SELECT status, count(*) FROM jobs GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("job counts: %w", err)
	}
	out := map[string]int{}
	var status string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&status, &n}, func() error {
		out[status] = n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("job counts: %w", err)
	}
	return out, nil
}
