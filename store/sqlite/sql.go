package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// The writer's statements, prepared once on the writer connection when the
// store opens: compiling them for every batch costs as much as running
// them.
const (
	sqlArticleByHash = `SELECT id FROM articles WHERE hash = ?`
	sqlInsertArticle = `INSERT INTO articles (hash, ext_id, url, outlet, author, title, language,
		published, updated, source, sections, figures, length, text, ingested)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	sqlInsertSource = `INSERT OR IGNORE INTO article_sources (article_id, ext_id, url, outlet, outlet_key, published, source)
		VALUES (?, ?, ?, ?, ?, ?, ?)`
	// A speaker merged away by identity resolution forwards to the one it
	// was merged into; a known type replaces "unknown".
	sqlUpsertSpeaker = `INSERT INTO speakers (name, norm, type) VALUES (?, ?, ?)
		ON CONFLICT (norm) DO UPDATE SET type = CASE WHEN speakers.type = 'unknown' THEN excluded.type ELSE speakers.type END
		RETURNING coalesce(merged_into, id)`
	sqlSpeakerCounts = `UPDATE speakers SET statements = statements + ?1,
		first = CASE WHEN ?2 IS NULL THEN first WHEN first IS NULL OR ?2 < first THEN ?2 ELSE first END,
		last = CASE WHEN ?3 IS NULL THEN last WHEN last IS NULL OR ?3 > last THEN ?3 ELSE last END
		WHERE id = ?4`
	sqlCounts = `UPDATE counts SET n = n + ? WHERE name = ?`
	// sqlNewQuotes counts the quotes of the statements after id ?1 that
	// no statement up to ?1 has.
	sqlNewQuotes = `SELECT count(*) FROM (SELECT DISTINCT quote_id FROM statements WHERE id > ?1 AND quote_id IS NOT NULL) AS b
		WHERE NOT EXISTS (SELECT 1 FROM statements s WHERE s.quote_id = b.quote_id AND s.id <= ?1)`
	sqlInsertAttribute = `INSERT OR IGNORE INTO speaker_attributes (speaker_id, kind, value, article_id, published)
		VALUES (?, ?, ?, ?, ?)`

	// Multi-row inserts: valuesSQL adds the VALUES.
	sqlStatements = `INSERT INTO statements (id, article_id, ord, kind, start, end, parts, text,
		speaker_id, speaker_name, speaker_local, speaker_type, speaker_role, speaker_org,
		mention_start, mention_end, mention_text, antecedent_start, antecedent_end, antecedent_text,
		cue_start, cue_end, cue_text, section, confidence, quote_id, published, tags)`
	statementCols = 28
	// The upsert returns the ids of new and existing names alike; the SET
	// is a no-op that makes RETURNING report existing rows.
	sqlEntitiesUpsert    = `INSERT INTO entities (name, norm, type)`
	sqlEntitiesUpsertEnd = ` ON CONFLICT (norm) DO UPDATE SET norm = excluded.norm RETURNING norm, id`
	sqlArticleEntities   = `INSERT INTO article_entities (article_id, local, entity_id, name, metonym, role, org, aliases, mentions)`
	sqlStatementEntities = `INSERT OR IGNORE INTO statement_entities (statement_id, entity_id)`
	sqlEntityAliases     = `INSERT OR IGNORE INTO entity_aliases (entity_id, alias, norm)`
	sqlSpeakerAliases    = `INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias, norm)`
	sqlWordDocs          = `INSERT INTO word_docs (term, doc)`
	sqlWordDocsEnd       = ` ON CONFLICT (term) DO UPDATE SET doc = doc + excluded.doc`
)

// maxRows is the largest multi-row insert; smaller ones halve it.
const maxRows = 64

var multiRow = []struct {
	sql, end string
	cols     int
}{{sqlStatements, "", statementCols}, {sqlArticleEntities, "", 9}, {sqlStatementEntities, "", 2},
	{sqlEntityAliases, "", 3}, {sqlSpeakerAliases, "", 3}, {sqlEntitiesUpsert, sqlEntitiesUpsertEnd, 3},
	{sqlWordDocs, sqlWordDocsEnd, 2}}

// multiEnd returns what follows the VALUES of a multi-row insert.
func multiEnd(insert string) string {
	for _, m := range multiRow {
		if m.sql == insert {
			return m.end
		}
	}
	return ""
}

// valuesSQL is insert with n rows of cols placeholders.
func valuesSQL(insert string, cols, n int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	return insert + " VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

// prepare compiles the writer's statements.
func prepareWriter(ctx context.Context, w *sql.DB) (map[string]*sql.Stmt, error) {
	qs := []string{sqlArticleByHash, sqlInsertArticle, sqlInsertSource, sqlUpsertSpeaker, sqlInsertAttribute, sqlSpeakerCounts, sqlCounts}
	for _, m := range multiRow {
		for n := maxRows; n >= 1; n /= 2 {
			qs = append(qs, valuesSQL(m.sql, m.cols, n)+m.end)
		}
	}
	out := make(map[string]*sql.Stmt, len(qs))
	for _, q := range qs {
		st, err := w.PrepareContext(ctx, q)
		if err != nil {
			for _, s := range out {
				s.Close()
			}
			return nil, fmt.Errorf("prepare %.50q: %w", q, err)
		}
		out[q] = st
	}
	return out, nil
}
