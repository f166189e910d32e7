// Package postgres is the store for teams and for corpora past one
// machine: a PostgreSQL database (github.com/jackc/pgx/v5, pgxpool) that
// many readers and many ingest processes share. It registers itself with
// package store for "postgres://" and "postgresql://" URLs and passes the
// same conformance suite (store/storetest) as the embedded store.
//
// # Identity and writing
//
// The identity rules are the embedded store's (see package store): an
// article is its text hash, a quote is its normalised words, a speaker or
// an entity is its normalised name. What differs is that writers run at
// the same time, in several processes: each Put is one transaction that
// takes its row locks in one global order (articles by hash, then
// speakers, entities, sources and aliases, each sorted by key), so that
// two writers never deadlock, and unique keys with ON CONFLICT make the
// same article written by two processes at once one article. A batch is
// sent in a few pipelined round trips, not one per row.
//
// # Full-text search
//
// Statements carry a generated tsvector (the "english" configuration:
// stemmed, stop words left out) under a GIN index. User queries are parsed
// by store.ParseText, as in every store, and built into a tsquery from
// their words, never from the user's text; ts_rank orders, ts_headline
// marks the snippet. Because the index stems, "negotiation" also finds
// "negotiations", which the embedded store's index does not; a query made
// only of stop words ("the") finds nothing.
//
// # Job queue
//
// The store is also a job queue for ingest (ingest.Queue): see queue.go.
//
// # Schema
//
// Migrations are numbered steps, each in its own transaction under an
// advisory lock, so that ingest processes starting together migrate once.
// A URL may name a schema with search_path (postgres://.../db?search_path=corpus)
// to keep several corpora in one database.
package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/saywho/saywho/store"
)

func init() {
	// store.Open maps "postgresql" to "postgres".
	store.Register("postgres", func(ctx context.Context, url string) (store.Store, error) {
		return Open(ctx, url)
	})
}

// DB is the PostgreSQL store. Use Open.
type DB struct {
	pool *pgxpool.Pool
}

var _ store.Store = (*DB)(nil)

// Open connects to the database named by url (a libpq URL or key=value
// string; pgxpool's pool_max_conns and the like are understood) and
// brings its schema up to date.
func Open(ctx context.Context, url string) (*DB, error) {
	return open(ctx, url, schemaVersion)
}

func open(ctx context.Context, url string, version int) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's message may quote the URL, password included.
		return nil, errors.New("postgres: cannot parse the database URL")
	}
	// Plan every query with its values: a search's best plan depends on
	// how common its words are, which a generic plan cannot know.
	cfg.ConnConfig.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	if err := migrate(ctx, pool, version); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: migrate: %w", err)
	}
	return &DB{pool: pool}, nil
}

// Close closes the connections.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Stats counts rows.
func (db *DB) Stats(ctx context.Context) (store.Stats, error) {
	var s store.Stats
	err := db.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM articles), (SELECT count(*) FROM article_sources),
		(SELECT count(*) FROM statements), (SELECT count(*) FROM speakers WHERE merged_into IS NULL),
		(SELECT count(*) FROM entities), (SELECT coalesce(sum(jsonb_array_length(mentions)), 0) FROM article_entities),
		(SELECT count(DISTINCT quote_id) FROM statements),
		(SELECT count(*) FROM (SELECT DISTINCT s.quote_id, src.id FROM statements s
			JOIN article_sources src ON src.article_id = s.article_id WHERE s.quote_id IS NOT NULL) x)`).Scan(
		&s.Articles, &s.Sources, &s.Statements, &s.Speakers, &s.Entities, &s.Mentions, &s.Quotes, &s.Sightings)
	if err != nil {
		return s, fmt.Errorf("stats: %w", err)
	}
	return s, nil
}

// ints runs a query returning one integer column.
func (db *DB) ints(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := db.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// strs runs a query returning one text column.
func (db *DB) strs(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := db.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
