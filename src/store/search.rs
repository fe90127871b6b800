//! Running a search: the page of matching ids from the full-text index, ranked or newest
//! first, filtered, then the summaries and bodies of that page (the library makes the
//! snippets).

use std::ops::ControlFlow;

use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

use super::articles::{
    NEWEST_FIRST, SUMMARY_JOINS, SUMMARY_STEMMED_AS, SUMMARY_WIDTH, summary_columns,
    summary_from_row,
};
use super::list_order::{self, ListShape, Matches};
use super::{Store, id_rows, id_sets};
use crate::error::Result;
use crate::model::ArticleSummary;
use crate::search::{Expression, Plan, SearchOrder, SearchRequest};

/// The score of a match (higher is better): BM25F with column weights — a word in the title
/// counts ten times one in the body, one in the caption three times, each against its own
/// column's length — told the number of rows
/// the query matches by the SQL parameter `matched` (NULL if unknown) and the query's phrase
/// plan by `phrases` (see `rank`).
fn score(matched: &str, phrases: &str) -> String {
    format!("newsdesk_bm25(articles_fts, 10.0, 3.0, 1.0, {matched}, {phrases})")
}

/// A number of rows as an SQL value, NULL if unknown.
fn optional_value(n: Option<u64>) -> Value {
    n.map_or(Value::Null, as_value)
}
/// How many matches are ranked at most (the newest ones, in the library's list order); see
/// `Library::search`.
pub const RANKED_CANDIDATES: u64 = 2_000;

/// What looking up a match's row to sort it costs, in steps of a walk along the list's index
/// (a row of the articles table fills a page; the list's index holds hundreds a page). A
/// program that searches once (the CLI) starts with no page in its cache: each lookup reads a
/// page of its own from the file, where the walk reads the index's pages one after the other.
/// At 100,000 stories, for a query in 3,028 of them (`shc -cu`), walking took a CLI search
/// from 28 to 20 ms of CPU, and a repeated search in a long-lived library from 11.8 to 12.1 ms.
const LOOKUP_IN_WALK_STEPS: u64 = 40;

/// Whether the newest `wanted` of `total` matches, among articles numbered up to `articles`,
/// are found sooner by walking the list's index (about `wanted × articles / total` steps) than
/// by sorting the matches (a row lookup each). At 100,000 stories a search process's CPU for
/// words in 5,000–7,600 of them went from 35–48 ms to 11–19 ms by walking.
fn walking_pays(wanted: u64, total: u64, articles: u64) -> bool {
    wanted.saturating_mul(articles) / total.max(1) < total.saturating_mul(LOOKUP_IN_WALK_STEPS)
}

/// A page of search results as the store finds them: the total number of matches, and each
/// hit's summary, score and body (to cut its snippet from).
#[derive(Default)]
pub(crate) struct Found {
    pub total: u64,
    pub hits: Vec<FoundArticle>,
}

pub(crate) struct FoundArticle {
    pub article: ArticleSummary,
    /// Relevance; higher is better (0 in newest-first order).
    pub score: f64,
    pub body: String,
    /// How the body's words were stemmed when it was indexed (`Stemmer::recorded`), if that
    /// was recorded.
    pub body_stemmed_as: Option<String>,
}

/// What a query asks the index for.
enum Matching<'a> {
    /// Articles matching an FTS5 expression (which may contain NOT).
    Match(&'a Expression),
    /// Only exclusions: every article except those matching the expression.
    Except(&'a str),
}

/// The articles a search found, as paging and ranking read them.
enum MatchSet<'a> {
    /// The index's matches of an expression under the filters; `ids`: all of them, when read.
    Index {
        expression: &'a str,
        ids: Option<&'a [i64]>,
        filters: &'a Filters,
    },
    /// Exactly these articles, ascending: worked out with the prefix table, filters applied.
    Ids(&'a [i64]),
}

/// What relevance is computed from: the index expression, and the number of rows it matches in
/// the whole library when that was read (bm25 then need not count them again).
struct Ranking<'a> {
    expression: &'a Expression,
    matched: Option<u64>,
}

impl Ranking<'_> {
    /// The values of `score`'s parameters.
    fn score_args(&self) -> [Value; 2] {
        [
            optional_value(self.matched),
            Value::Text(self.expression.phrase_plan()),
        ]
    }
}

/// The SQL conditions (over alias `a`, the articles table) of the request's filters.
#[derive(Default)]
struct Filters {
    sql: String,
    args: Vec<Value>,
}

impl Filters {
    fn new(request: &SearchRequest) -> Filters {
        let mut sql = String::new();
        let mut args = Vec::new();
        if request.bookmarked_only {
            sql.push_str(" AND EXISTS (SELECT 1 FROM bookmarks b WHERE b.article_id = a.id)");
        }
        if let Some(source) = &request.source {
            sql.push_str(" AND a.source = ?");
            args.push(Value::Text(source.clone()));
        }
        Filters { sql, args }
    }

    /// The query's arguments: the match expression, the filters' values, then `extra`.
    fn args_with(&self, expression: &str, extra: &[Value]) -> Vec<Value> {
        std::iter::once(Value::Text(expression.to_string()))
            .chain(self.args.iter().cloned())
            .chain(extra.iter().cloned())
            .collect()
    }

    /// The FROM clause of an index query: the articles table is joined only when a filter
    /// needs it.
    fn index_from(&self) -> &'static str {
        if self.sql.is_empty() {
            "articles_fts"
        } else {
            "articles_fts JOIN articles a ON a.id = articles_fts.rowid"
        }
    }
}

/// A count or an offset as an SQL value.
fn as_value(n: u64) -> Value {
    Value::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

impl Store {
    /// Searches the library. Any text is accepted: what cannot be searched is ignored, and a
    /// query with nothing searchable finds nothing.
    ///
    /// Two steps: the page of matching ids is found first (only ids and scores go through the
    /// sort), then the summaries and bodies of that page alone are read. Relevance is bm25
    /// over all matches when there are at most `RANKED_CANDIDATES` of them; beyond that, over
    /// the newest `RANKED_CANDIDATES` matches in the list's own order (newest import first),
    /// followed by the other matches in that order (ranking every match costs ~0.9 µs a match:
    /// ~80 ms for a word in 90,000 articles; BENCHMARKS.md).
    pub fn search(&self, request: &SearchRequest, plan: &Plan) -> Result<Found> {
        self.search_ranking_at_most(request, plan, RANKED_CANDIDATES)
    }

    /// `search`, ranking at most `ranked` matches (tests lower the bound to reach it). Its
    /// statements read one state of the library (a read transaction): its total, its page and
    /// the list's runs agree even while another program writes.
    fn search_ranking_at_most(
        &self,
        request: &SearchRequest,
        plan: &Plan,
        ranked: u64,
    ) -> Result<Found> {
        let snapshot = self.conn().unchecked_transaction()?;
        let searching = Searching {
            store: self,
            request,
            plan,
            ranked,
            list: ListShape::of(self.conn())?,
        };
        let found = searching.found()?;
        snapshot.commit()?;
        Ok(found)
    }
}

/// One search, in the read transaction `search_ranking_at_most` began: the request, how many
/// matches are ranked at most, and how the list can be taken in this state of the library
/// (read once).
struct Searching<'s> {
    store: &'s Store,
    request: &'s SearchRequest,
    /// The request's query as the search part planned it.
    plan: &'s Plan,
    ranked: u64,
    list: ListShape,
}

impl Searching<'_> {
    fn conn(&self) -> &Connection {
        self.store.conn()
    }

    /// The total and the requested page of hits.
    fn found(&self) -> Result<Found> {
        let plan = self.plan;
        let filters = Filters::new(self.request);
        let (total, page) = if plan.uses_prefix_table() {
            self.page_with_prefixes(plan, &filters)?
        } else {
            let matching = match (&plan.index, &plan.excluded_from_index) {
                (Some(expression), _) => Matching::Match(expression),
                (None, Some(excluded)) => Matching::Except(excluded),
                (None, None) => return Ok(Found::default()),
            };
            self.page(&matching, &filters)?
        };
        let columns = summary_columns(self.conn())?;
        let hits = page
            .into_iter()
            .map(|(id, score)| self.hit(id, score, &columns))
            .collect::<Result<_>>()?;
        Ok(Found { total, hits })
    }

    /// The total and the requested page (ids and scores) of a search the index answers alone.
    fn page(&self, matching: &Matching, filters: &Filters) -> Result<(u64, Vec<(i64, f64)>)> {
        // Without filters the ids of every match are read at once: their number is the total,
        // and a walk of the list's order needs them (counting first read the index twice) —
        // unless the list begins with a run that holds its whole range, where the newest
        // matches are read from the index without the others (`list_order::Matches`).
        let ids = match matching {
            Matching::Match(expression)
                if filters.sql.is_empty()
                    && !list_order::starts_with_a_whole_run(self.conn(), self.list)? =>
            {
                Some(self.match_ids(&expression.text)?)
            }
            _ => None,
        };
        let total = match &ids {
            Some(ids) => ids.len() as u64,
            None => self.count_matches(matching, filters)?,
        };
        // The rows the expression matches in the whole library, when no filter narrowed them.
        let matched =
            (filters.sql.is_empty() && matches!(matching, Matching::Match(_))).then_some(total);
        let ids = ids.as_deref();
        let request = self.request;
        let page = match (matching, request.order) {
            (Matching::Match(expression), SearchOrder::Relevance) => {
                let found = MatchSet::Index {
                    expression: &expression.text,
                    ids,
                    filters,
                };
                let ranking = Ranking {
                    expression,
                    matched,
                };
                self.ranked_page(&ranking, &found, total)?
            }
            _ => self.newest_page(
                matching,
                ids,
                filters,
                self.walking_pays_for(total)?,
                request.limit.into(),
                request.offset.into(),
            )?,
        };
        Ok((total, page))
    }

    /// The total and the requested page of a search that uses the prefix table: the ids of its
    /// matches are worked out as sets (the index's, the prefix table's, the filters'), then
    /// paged in the list's order or ranked by bm25 of what the index matched.
    fn page_with_prefixes(&self, plan: &Plan, filters: &Filters) -> Result<(u64, Vec<(i64, f64)>)> {
        let ids = self.planned_ids(plan, filters)?;
        let total = ids.len() as u64;
        let found = MatchSet::Ids(&ids);
        let request = self.request;
        let page = match (&plan.index, request.order) {
            (Some(expression), SearchOrder::Relevance) => {
                let ranking = Ranking {
                    expression,
                    matched: None,
                };
                self.ranked_page(&ranking, &found, total)?
            }
            // Nothing for bm25 to weigh but words being typed: those in titles first.
            (None, SearchOrder::Relevance) if plan.required_starts().next().is_some() => {
                self.title_starts_first(plan, &ids)?
            }
            // Only exclusions, or newest first: the list's order.
            _ => self
                .matches_in_list_order(
                    &found,
                    self.walking_pays_for(total)?,
                    request.limit.into(),
                    request.offset.into(),
                )?
                .into_iter()
                .map(|id| (id, 0.0))
                .collect(),
        };
        Ok((total, page))
    }

    /// A page of `ids` with the articles whose titles have a word starting as typed first
    /// (score 1), then the others (score 0), each part in the list's order.
    fn title_starts_first(&self, plan: &Plan, ids: &[i64]) -> Result<Vec<(i64, f64)>> {
        let mut in_title = Vec::new();
        for start in plan.required_starts() {
            let found = self.prefix_ids(&start.in_title)?;
            in_title = id_sets::union(&in_title, &found);
        }
        let in_title = id_sets::intersection(&in_title, ids);
        let others = id_sets::difference(ids, &in_title);
        let (limit, offset) = (
            u64::from(self.request.limit),
            u64::from(self.request.offset),
        );
        let highest = self.highest_article_id()?;
        let mut page = Vec::new();
        // The page starts `offset` matches in: inside the titles' part, or that far past its end.
        let after_titles = offset.saturating_sub(in_title.len() as u64);
        for (part, score, part_offset) in [(&in_title, 1.0, offset), (&others, 0.0, after_titles)] {
            let wanted = limit - page.len() as u64;
            if wanted == 0 {
                break;
            }
            let walk = walking_pays(wanted + part_offset, part.len() as u64, highest);
            page.extend(
                self.matches_in_list_order(&MatchSet::Ids(part), walk, wanted, part_offset)?
                    .into_iter()
                    .map(|id| (id, score)),
            );
        }
        Ok(page)
    }

    /// The ids of the articles that match a plan and the filters, ascending.
    fn planned_ids(&self, plan: &Plan, filters: &Filters) -> Result<Vec<i64>> {
        let mut ids = plan
            .index
            .as_ref()
            .map(|expression| self.match_ids(&expression.text))
            .transpose()?;
        for group in &plan.prefix_groups {
            let mut any = match &group.others {
                Some(others) => self.match_ids(others)?,
                None => Vec::new(),
            };
            for start in &group.prefixes {
                any = id_sets::union(&any, &self.prefix_ids(&start.anywhere)?);
            }
            ids = Some(match ids {
                Some(ids) => id_sets::intersection(&ids, &any),
                None => any,
            });
        }
        // Only exclusions: every article but those.
        let mut ids = match ids {
            Some(ids) => ids,
            None => self.article_ids(&Filters::default())?,
        };
        if let Some(excluded) = &plan.excluded_from_index {
            ids = id_sets::difference(&ids, &self.match_ids(excluded)?);
        }
        for start in &plan.excluded_prefixes {
            ids = id_sets::difference(&ids, &self.prefix_ids(&start.anywhere)?);
        }
        if !filters.sql.is_empty() {
            ids = id_sets::intersection(&ids, &self.article_ids(filters)?);
        }
        Ok(ids)
    }

    /// The ids of the articles that match a prefix-table expression (`WordStart`'s), ascending.
    fn prefix_ids(&self, expression: &str) -> Result<Vec<i64>> {
        self.ids(
            "SELECT rowid FROM articles_prefixes WHERE articles_prefixes MATCH ?1 ORDER BY rowid",
            vec![Value::Text(expression.to_string())],
        )
    }

    /// The ids of the articles that pass the filters, ascending.
    fn article_ids(&self, filters: &Filters) -> Result<Vec<i64>> {
        let sql = format!(
            "SELECT a.id FROM articles a WHERE 1{} ORDER BY a.id",
            filters.sql
        );
        self.ids(&sql, filters.args.clone())
    }

    /// Whether the request's page of `total` matches is found sooner by walking the list.
    fn walking_pays_for(&self, total: u64) -> Result<bool> {
        Ok(walking_pays(
            u64::from(self.request.limit) + u64::from(self.request.offset),
            total,
            self.highest_article_id()?,
        ))
    }

    fn count_matches(&self, matching: &Matching, filters: &Filters) -> Result<u64> {
        let (sql, expression) = match matching {
            Matching::Match(expression) => (
                format!(
                    "SELECT count(*) FROM {} WHERE articles_fts MATCH ?{}",
                    filters.index_from(),
                    filters.sql
                ),
                expression.text.as_str(),
            ),
            Matching::Except(excluded) => (
                format!(
                    "SELECT count(*) FROM articles a WHERE a.id NOT IN \
                     (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?){}",
                    filters.sql
                ),
                *excluded,
            ),
        };
        let count: i64 = self.conn().prepare_cached(&sql)?.query_row(
            params_from_iter(filters.args_with(expression, &[])),
            |row| row.get(0),
        )?;
        Ok(count as u64)
    }

    /// A page in relevance order: bm25 of the ranking's expression over all matches, or over
    /// the first `ranked` matches in the list's order followed by the others in that order.
    fn ranked_page(
        &self,
        ranking: &Ranking,
        found: &MatchSet,
        total: u64,
    ) -> Result<Vec<(i64, f64)>> {
        let (request, ranked) = (self.request, self.ranked);
        let walk_list = total > ranked && walking_pays(ranked, total, self.highest_article_id()?);
        let (offset, limit) = (u64::from(request.offset), u64::from(request.limit));
        if total <= ranked {
            return match found {
                MatchSet::Index { filters, .. } => {
                    // The score's parameters come first in the text.
                    let sql = format!(
                        "SELECT articles_fts.rowid, {} AS score FROM {} \
                         WHERE articles_fts MATCH ?{} \
                         ORDER BY score DESC, articles_fts.rowid DESC LIMIT ? OFFSET ?",
                        score("?", "?"),
                        filters.index_from(),
                        filters.sql
                    );
                    let extra = [as_value(limit), as_value(offset)];
                    let args = ranking
                        .score_args()
                        .into_iter()
                        .chain(filters.args_with(&ranking.expression.text, &extra))
                        .collect();
                    self.ids_and_scores(&sql, args)
                }
                MatchSet::Ids(ids) => self.rank_among(ranking, ids, limit, offset),
            };
        }
        let mut page = Vec::new();
        if offset < ranked {
            let newest = self.matches_in_list_order(found, walk_list, ranked, 0)?;
            page.extend(self.rank_among(ranking, &newest, limit.min(ranked - offset), offset)?);
        }
        let wanted = limit - page.len() as u64;
        if wanted > 0 {
            let after_ranked = ranked + offset.saturating_sub(ranked);
            page.extend(
                self.matches_in_list_order(found, walk_list, wanted, after_ranked)?
                    .into_iter()
                    .map(|id| (id, 0.0)),
            );
        }
        Ok(page)
    }

    /// bm25 of the ranking's expression over `candidates` (all of which match it): a page of
    /// them, best first.
    fn rank_among(
        &self,
        ranking: &Ranking,
        candidates: &[i64],
        limit: u64,
        offset: u64,
    ) -> Result<Vec<(i64, f64)>> {
        let (Some(low), Some(high)) = (candidates.iter().min(), candidates.iter().max()) else {
            return Ok(Vec::new());
        };
        // `+rowid`: the index is read once and its rows checked against the candidates; a plain
        // `rowid IN` would make FTS5 run the whole query again for each of them. The rowid
        // range lets FTS5 skip the other matches (the newest are usually close together).
        let sql = format!(
            "SELECT articles_fts.rowid, {} AS score FROM articles_fts \
             WHERE articles_fts MATCH ?3 AND articles_fts.rowid BETWEEN ?4 AND ?5 \
             AND +articles_fts.rowid IN (SELECT value FROM json_each(?6)) \
             ORDER BY score DESC, articles_fts.rowid DESC LIMIT ?7 OFFSET ?8",
            score("?1", "?2")
        );
        let [matched, phrases] = ranking.score_args();
        let args = vec![
            matched,
            phrases,
            Value::Text(ranking.expression.text.clone()),
            Value::Integer(*low),
            Value::Integer(*high),
            Value::Text(id_sets::json(candidates)),
            as_value(limit),
            as_value(offset),
        ];
        self.ids_and_scores(&sql, args)
    }

    /// A page in the library's newest-first order.
    fn newest_page(
        &self,
        matching: &Matching,
        ids: Option<&[i64]>,
        filters: &Filters,
        walk_list: bool,
        limit: u64,
        offset: u64,
    ) -> Result<Vec<(i64, f64)>> {
        match matching {
            Matching::Match(expression) => {
                let found = MatchSet::Index {
                    expression: &expression.text,
                    ids,
                    filters,
                };
                Ok(self
                    .matches_in_list_order(&found, walk_list, limit, offset)?
                    .into_iter()
                    .map(|id| (id, 0.0))
                    .collect())
            }
            Matching::Except(excluded) => {
                let sql = format!(
                    "SELECT a.id, 0.0 FROM articles a WHERE a.id NOT IN \
                     (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?){} \
                     ORDER BY {NEWEST_FIRST} LIMIT ? OFFSET ?",
                    filters.sql
                );
                let extra = [limit, offset].map(as_value);
                self.ids_and_scores(&sql, filters.args_with(excluded, &extra))
            }
        }
    }

    /// The ids of the articles found, in the list's own order (newest import first), from
    /// `offset`, at most `limit`. With many matches (`walk_list`) every match's id is read
    /// (from the index, in rowid order, unless known) and the list's own index is walked until
    /// enough of them are found — for a word in 90 % of the articles, a few rows more than are
    /// wanted; with few, the matches are sorted.
    fn matches_in_list_order(
        &self,
        found: &MatchSet,
        walk_list: bool,
        limit: u64,
        offset: u64,
    ) -> Result<Vec<i64>> {
        let (matches, filters) = match *found {
            MatchSet::Index {
                expression,
                filters,
                ..
            } if !walk_list => {
                let sql = format!(
                    "SELECT a.id FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid \
                     WHERE articles_fts MATCH ?{} ORDER BY {NEWEST_FIRST} LIMIT ? OFFSET ?",
                    filters.sql
                );
                let args = filters.args_with(expression, &[limit, offset].map(as_value));
                return self.ids(&sql, args);
            }
            MatchSet::Ids(ids) if !walk_list => {
                let sql = format!(
                    "SELECT a.id FROM articles a WHERE a.id IN (SELECT value FROM json_each(?1)) \
                     ORDER BY {NEWEST_FIRST} LIMIT ?2 OFFSET ?3"
                );
                let args = vec![
                    Value::Text(id_sets::json(ids)),
                    as_value(limit),
                    as_value(offset),
                ];
                return self.ids(&sql, args);
            }
            MatchSet::Index {
                ids: Some(ids),
                filters,
                ..
            } => (Matches::Ids(ids), filters),
            MatchSet::Index {
                expression,
                ids: None,
                filters,
            } => (Matches::Index(expression), filters),
            // The ids passed the filters already.
            MatchSet::Ids(ids) => (Matches::Ids(ids), &Filters::default()),
        };
        let (mut skipped, mut page) = (0, Vec::new());
        if limit == 0 {
            return Ok(page);
        }
        let filters = (filters.sql.as_str(), filters.args.as_slice());
        list_order::for_each_match(self.conn(), self.list, matches, filters, &mut |id| {
            if skipped < offset {
                skipped += 1;
            } else {
                page.push(id);
            }
            if page.len() as u64 >= limit {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })?;
        Ok(page)
    }

    /// The highest article id: about the number of articles, read from the end of the table.
    fn highest_article_id(&self) -> Result<u64> {
        let id: i64 = self
            .conn()
            .prepare_cached("SELECT coalesce(max(id), 0) FROM articles")?
            .query_row([], |row| row.get(0))?;
        Ok(id as u64)
    }

    /// The ids of the articles matching `expression`, ascending.
    fn match_ids(&self, expression: &str) -> Result<Vec<i64>> {
        list_order::match_ids(self.conn(), expression)
    }

    fn ids(&self, sql: &str, args: Vec<Value>) -> Result<Vec<i64>> {
        id_rows::ids(self.conn(), sql, &args)
    }

    fn ids_and_scores(&self, sql: &str, args: Vec<Value>) -> Result<Vec<(i64, f64)>> {
        let mut stmt = self.conn().prepare_cached(sql)?;
        let rows = stmt.query_map(params_from_iter(args), |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One hit: the article's summary (its `columns`: `summary_columns`) and body.
    fn hit(&self, id: i64, score: f64, columns: &str) -> Result<FoundArticle> {
        self.conn()
            .prepare_cached(&format!(
                "SELECT {columns}, a.body FROM articles a {SUMMARY_JOINS} WHERE a.id = ?1"
            ))?
            .query_row([id], |row| {
                Ok(FoundArticle {
                    article: summary_from_row(row)?,
                    score,
                    body: row.get(SUMMARY_WIDTH)?,
                    body_stemmed_as: row.get(SUMMARY_STEMMED_AS)?,
                })
            })
            .map_err(Into::into)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::store::articles::insert_test_article;

    /// A library whose articles' row ids run against the list's order: articles imported
    /// later were given lower ids. `bodies[i]` becomes article id `i + 1`, imported on day
    /// `days[i]` of May (a later day is newer).
    fn library(bodies: &[&str], days: &[u32]) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let library = Store::open(&dir.path().join("library.sqlite3")).unwrap();
        library
            .conn()
            .execute(
                "INSERT INTO imports (id, path, imported_at, status) VALUES (1, 'x', '', 'done')",
                [],
            )
            .unwrap();
        for (index, (body, day)) in bodies.iter().zip(days).enumerate() {
            let imported: DateTime<Utc> = format!("2026-05-{day:02}T00:00:00Z").parse().unwrap();
            let title = format!("Story {}", index + 1);
            insert_test_article(library.conn(), &title, body, 1, &imported);
        }
        (dir, library)
    }

    fn ids(library: &Store, text: &str, offset: u32, limit: u32, ranked: u64) -> Vec<i64> {
        let request = SearchRequest {
            offset,
            limit,
            ..SearchRequest::new(text)
        };
        library
            .search_ranking_at_most(&request, &request.query().plan(), ranked)
            .unwrap()
            .hits
            .iter()
            .map(|hit| hit.article.id)
            .collect()
    }

    /// Six stories about a storm. Ids 1–3 were imported last (the list shows them first);
    /// id 6, imported first, says "storm" most often.
    fn storms() -> (tempfile::TempDir, Store) {
        library(
            &[
                "storm one calm calm calm calm",
                "storm storm two calm calm calm",
                "storm storm storm three calm calm",
                "storm four calm calm calm calm",
                "storm five calm calm calm calm",
                "storm storm storm storm six",
            ],
            &[20, 20, 20, 10, 9, 8],
        )
    }

    #[test]
    fn beyond_the_bound_the_newest_in_list_order_are_ranked_then_the_rest_follow() {
        let (_dir, library) = storms();
        // Bound 3, six matches: stories 1–3 (newest in the list) are ranked, 3 says "storm"
        // most; then 4, 5, 6 in the list's order, though 6 would rank first of all.
        assert_eq!(ids(&library, "storm", 0, 10, 3), [3, 2, 1, 4, 5, 6]);
        // Pages across the edge.
        assert_eq!(ids(&library, "storm", 2, 2, 3), [1, 4]);
        assert_eq!(ids(&library, "storm", 4, 10, 3), [5, 6]);
        // Ranking every match puts 6 first (ties: the higher id first).
        assert_eq!(ids(&library, "storm", 0, 10, 6), [6, 3, 2, 5, 4, 1]);
        // Bound 1, six matches: more than four times the bound, so the newest are found by
        // walking the list instead of sorting the matches; the same order either way.
        assert_eq!(ids(&library, "storm", 0, 10, 1), [1, 2, 3, 4, 5, 6]);
        assert_eq!(ids(&library, "storm", 1, 2, 1), [2, 3]);
        let newest = SearchRequest {
            order: SearchOrder::Newest,
            ..SearchRequest::new("calm")
        };
        let listed = |ranked| -> Vec<i64> {
            let results = library
                .search_ranking_at_most(&newest, &newest.query().plan(), ranked)
                .unwrap();
            results.hits.iter().map(|hit| hit.article.id).collect()
        };
        assert_eq!(listed(1), [1, 2, 3, 4, 5]);
        assert_eq!(listed(1), listed(100));
    }

    #[test]
    fn at_the_bound_every_match_is_ranked() {
        let (_dir, library) = storms();
        // "calm" is in every story but 6: five matches. Bound 5: all ranked, the story
        // saying "calm" most first (1, 4 and 5 say it four times; ties: the higher id first).
        let all = ids(&library, "calm", 0, 10, 5);
        assert_eq!(all, [5, 4, 1, 2, 3]);
        // Bound 4: one match beyond the edge, and it is the oldest in the list (5).
        assert_eq!(ids(&library, "calm", 0, 10, 4), [4, 1, 2, 3, 5]);
    }
}
