// A stand-in for the Rust backend, for UI tests in Chromium: answers the app's commands from
// generated in-memory data through Tauri's own IPC mocks. (The WebDriver test drives the real
// backend; this one makes UI tests fast and lets them use 100,000 articles.)
// Runs in the page before the app's scripts; reads its options from window.__FAKE_OPTIONS__.

(() => {
  const options = window.__FAKE_OPTIONS__ ?? {};
  const total = options.articles ?? 0;
  const titles = options.titles ?? {};
  const DAY = 86_400_000;
  const now = Date.now();

  const SOURCES = ["world-news.txt", "Sample news", "notes.md"];
  const bookmarks = new Map(); // id → {created_at, note}
  const history = new Map(); // id → {opened_at, progress}
  const read = new Set();
  const deleted = new Set();
  for (const [id, visit] of options.history ?? []) history.set(id, visit);
  for (const id of options.read ?? []) read.add(id);

  const title = (id) => titles[id] ?? `Story ${id}: markets, weather and the week ahead`;
  const summary = (id) => ({
    id,
    title: title(id),
    credit: id % 3 === 0 ? "AFP" : id % 3 === 1 ? "Reuters" : null,
    source: SOURCES[id % SOURCES.length],
    imported_at: new Date(now - id * 60_000).toISOString(),
    published_at: null,
    bookmarked: bookmarks.has(id),
    progress: history.get(id)?.progress ?? null,
    read: read.has(id),
    language: id in (options.languages ?? {}) ? options.languages[id] : "en",
    excerpt: `The opening paragraph of story ${id}, which goes on for a while to fill two lines of the list.`,
  });
  const article = (id) => ({
    ...summary(id),
    caption: `A photo caption for story ${id}.`,
    url: options.url ?? null,
    author: null,
    word_count: 400,
    blocks: [
      { kind: "paragraph", text: options.firstParagraphs?.[id] ?? `First paragraph of story ${id}. "Quoted words," he said, 'and more'.` },
      { kind: "heading", text: "A subheading" },
      ...Array.from({ length: 12 }, (_, i) => ({ kind: "paragraph", text: `Paragraph ${i + 2} of story ${id}. `.repeat(8) })),
    ],
  });
  // Newest import first: id 1 is the newest.
  const ids = (filter) => {
    const all = Array.from({ length: total }, (_, i) => i + 1).filter((id) => !deleted.has(id));
    switch (filter?.kind) {
      case "unread": return all.filter((id) => !read.has(id));
      case "bookmarked": return all.filter((id) => bookmarks.has(id));
      case "continue_reading": return all.filter((id) => history.get(id)?.progress > 0 && !read.has(id));
      case "source": return all.filter((id) => SOURCES[id % SOURCES.length] === filter.value);
      default: return all;
    }
  };
  // An import reports options.imports.progress, then waits for window.__finishImport() to return
  // options.imports.report, so a test can look at the panel while it runs.
  const runImport = async ({ onProgress }) => {
    const plan = options.imports;
    if (!plan) return { files: [], added: 0, duplicates: 0, failed: 0, skipped: 0 };
    for (const progress of plan.progress) onProgress.onmessage(progress);
    await new Promise((resolve) => (window.__finishImport = resolve));
    return plan.report;
  };

  const commands = {
    library_overview: () => ({
      all: total - deleted.size,
      unread: total - deleted.size - read.size,
      bookmarks: bookmarks.size,
      continue_reading: [...history].filter(([id, v]) => v.progress > 0 && !read.has(id)).length,
      history: history.size,
      sources: total ? SOURCES.map((source, i) => ({
        source,
        articles: Math.floor((total + (SOURCES.length - i) % SOURCES.length) / SOURCES.length) -
          [...deleted].filter((id) => id % SOURCES.length === i).length,
      })) : [],
    }),
    list_articles: ({ filter, limit, offset }) => {
      if (filter.kind === "all" && !deleted.size) {
        return Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => summary(offset + i + 1));
      }
      return ids(filter).slice(offset, offset + limit).map(summary);
    },
    open_article: ({ id, search }) => {
      if (id < 1 || id > total || deleted.has(id)) throw { kind: "not_found", message: `no article with id ${id}` };
      const a = article(id);
      const mark = (text) => {
        const word = (search ?? "").trim().toLowerCase();
        const at = word ? text.toLowerCase().indexOf(word) : -1;
        if (at < 0) return [{ text, hit: false }];
        return [
          { text: text.slice(0, at), hit: false },
          { text: text.slice(at, at + word.length), hit: true },
          { text: text.slice(at + word.length), hit: false },
        ].filter((s) => s.text);
      };
      return {
        article: a,
        progress: history.get(id)?.progress ?? 0,
        read: read.has(id),
        note: bookmarks.get(id)?.note ?? null,
        highlights: search ? { title: mark(a.title), caption: mark(a.caption), blocks: a.blocks.map((b) => mark(b.text)) } : null,
      };
    },
    search: ({ request }) => {
      const word = request.text.trim().toLowerCase();
      const matching = ids().filter((id) => title(id).toLowerCase().includes(word) && (!request.bookmarked_only || bookmarks.has(id)));
      const page = matching.slice(request.offset ?? 0, (request.offset ?? 0) + (request.limit ?? 50));
      return {
        total: matching.length,
        hits: page.map((id) => ({ ...summary(id), score: 1, snippet: [{ text: "…about ", hit: false }, { text: word, hit: true }, { text: " today…", hit: false }] })),
      };
    },
    save_progress: ({ id, progress }) => {
      const visit = { opened_at: new Date().toISOString(), ...history.get(id), progress };
      history.set(id, visit);
      // The fake's stand-in for the library's rule.
      const isRead = progress >= 0.98;
      if (isRead) read.add(id);
      return { progress, read: isRead };
    },
    mark_read: ({ id, read: isRead }) => {
      if (isRead) read.add(id);
      else read.delete(id);
      return null;
    },
    count_unread: ({ filter }) => ids(filter).filter((id) => !read.has(id)).length,
    mark_all_read: ({ filter }) => {
      const marked = ids(filter).filter((id) => !read.has(id));
      for (const id of marked) read.add(id);
      return marked;
    },
    toggle_bookmark: ({ id }) => {
      if (bookmarks.delete(id)) return false;
      bookmarks.set(id, { created_at: new Date().toISOString(), note: null });
      return true;
    },
    set_bookmark: ({ id, note }) => {
      const bookmark = { created_at: new Date().toISOString(), ...bookmarks.get(id), note: note || null };
      bookmarks.set(id, bookmark);
      return { article_id: id, ...bookmark };
    },
    remove_bookmark: ({ id }) => bookmarks.delete(id),
    list_bookmarks: () => [...bookmarks].reverse().map(([id, b]) => ({ article: summary(id), ...b })),
    list_history: ({ limit, offset }) =>
      [...history]
        .sort((a, b) => b[1].opened_at.localeCompare(a[1].opened_at))
        .slice(offset, offset + limit)
        .map(([id, v]) => ({ article: summary(id), opened_at: v.opened_at })),
    clear_history_entry: ({ id }) => history.delete(id),
    clear_history: () => { const n = history.size; history.clear(); return n; },
    delete_article: ({ id }) => {
      deleted.add(id);
      for (const marks of [read, bookmarks, history]) marks.delete(id);
      return null;
    },
    import_sample: runImport,
    import_held: runImport,
    cancel_import: () => null,
    // The file dialog "chooses" the planned import's files: the page gets them as a token.
    choose_import: () => (options.imports ? { token: "chosen", names: options.imports.paths } : null),
    open_link: () => null,
    // An upgrade that re-indexes: halfway for a moment, then done.
    finish_upgrade: async ({ onProgress }) => {
      if (!options.upgrade) return null;
      onProgress.onmessage(0.5);
      await new Promise((resolve) => setTimeout(resolve, 400));
      return options.upgrade.finds;
    },
    startup_check: ({ onProgress }) => {
      if (options.startup) onProgress.onmessage(1);
      return options.startup ?? { checked: false, health: { state: "healthy" }, latest_backup: null };
    },
    files_to_open: () => null,
    report_ready: () => null,
    library_info: () => ({
      path: "/home/reader/.local/share/org.newsdesk.Newsdesk/library.sqlite3",
      bytes: total * 5000,
      articles: total,
      bookmarks: bookmarks.size,
      backup_folder: "/home/reader/.local/share/org.newsdesk.Newsdesk/backups",
      latest_backup: null,
    }),
    backup_library: () => ({ path: "/tmp/backup.sqlite3", bytes: total * 5000, articles: total, bookmarks: bookmarks.size, schema_version: 3 }),
    restore_library: () => null,
    optimize_library: () => ({ bytes_before: total * 5000, bytes_after: total * 4000 }),
    export_bookmarks: () => null,
  };

  // The native window's title, as the page last set it.
  commands["plugin:window|set_title"] = ({ value }) => {
    window.__FAKE_WINDOW_TITLE__ = value;
  };

  // A visit recorded on open, as the real backend does in the background.
  const open = commands.open_article;
  commands.open_article = (args) => {
    const reading = open(args);
    history.set(args.id, { progress: reading.progress, ...history.get(args.id), opened_at: new Date().toISOString() });
    return reading;
  };

  window.__FAKE_DAY__ = DAY;
  // Every command the page called, with its arguments (channels left out).
  window.__FAKE_CALLS__ = [];
  window.__TAURI__.mocks.mockWindows("main");
  window.__TAURI__.mocks.mockIPC((command, args) => {
    const plain = Object.fromEntries(Object.entries(args ?? {}).filter(([name]) => name !== "onProgress"));
    window.__FAKE_CALLS__.push([command, plain]);
    const handler = commands[command];
    if (!handler) throw { kind: "internal", message: `fake backend: no command ${command}` };
    return handler(args ?? {});
  }, { shouldMockEvents: true });
})();
