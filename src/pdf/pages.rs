//! Pagination: items become positioned text, borders and bands on A4 pages. Rows that do not
//! fit continue on the next page with their label repeated.

use crate::chars::measure::{Metrics, break_lines};
use crate::content::{Item, Mark, Run};

pub const PAGE_W: f32 = 595.276;
pub const PAGE_H: f32 = 841.89;
pub const LEFT: f32 = 42.0;
pub const RIGHT: f32 = PAGE_W - 42.0;
pub const TOP: f32 = 62.0;
pub const BOTTOM: f32 = PAGE_H - 54.0;
const LABEL_W: f32 = 150.0;
const PAD: f32 = 4.0;
pub const BODY: f32 = 9.5;
const LABEL: f32 = 9.0;
const LINE: f32 = 14.0;
const LABEL_LINE: f32 = 13.0;

/// What a piece of text is, for the tag tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Heading(usize),
    Band(usize),
    Label(usize),
    Content(usize),
    /// Column header `.1` of grid item `.0`.
    GridHead(usize, usize),
    /// Cell (row `.1`, column `.2`) of grid item `.0`.
    GridCell(usize, usize, usize),
    /// Cover title and table of contents lines: paragraphs of their own.
    Para(usize),
    /// Repeated table headers: drawn but not read twice.
    Artifact,
    /// Text inside the 業務全体図 of item `.0` (a Figure for screen readers).
    Figure(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
        role: Role,
    },
    /// Background behind a marked passage: withheld (full edition), deleted or inserted
    /// (comparison).
    Highlight {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        mark: Mark,
    },
    Border {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    Shade {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    /// The 業務全体図 of item `index`, its top left at (x, y), scaled.
    Diagram {
        x: f32,
        y: f32,
        scale: f32,
        index: usize,
        diagram: Box<crate::flows::layout::Diagram>,
    },
    /// An attached picture.
    Picture {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        bytes: std::sync::Arc<[u8]>,
        index: usize,
    },
}

#[derive(Debug, Default)]
pub struct Page {
    pub ops: Vec<Op>,
    /// A landscape page (the 業務全体図); A4 portrait otherwise.
    pub landscape: bool,
}

impl Page {
    /// Width and height in points.
    pub fn size(&self) -> (f32, f32) {
        if self.landscape { (PAGE_H, PAGE_W) } else { (PAGE_W, PAGE_H) }
    }
}

/// Where a heading ended up (for the outline and the table of contents).
#[derive(Debug, Clone)]
pub struct Anchor {
    pub level: u8,
    pub text: String,
    pub page: usize,
    pub y: f32,
}

pub struct Paginator<'m> {
    m: &'m Metrics,
    pub pages: Vec<Page>,
    pub anchors: Vec<Anchor>,
    y: f32,
}

struct Lines {
    lines: Vec<String>,
    /// Per line: marked (x from, x to) offsets from the line start.
    marks: Vec<Vec<(f32, f32, Mark)>>,
}

impl<'m> Paginator<'m> {
    pub fn new(m: &'m Metrics) -> Paginator<'m> {
        Paginator { m, pages: vec![Page::default()], anchors: Vec::new(), y: TOP }
    }

    pub fn new_page(&mut self) {
        if !self.pages.last().is_some_and(|p| p.ops.is_empty()) {
            self.pages.push(Page::default());
        }
        self.y = TOP;
    }

    /// Keeps an empty page for content made later (the table of contents); returns its index.
    pub fn reserve_page(&mut self) -> usize {
        self.pages.push(Page::default());
        let index = self.pages.len() - 1;
        self.pages.push(Page::default());
        self.y = TOP;
        index
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("there is always a page")
    }

    fn room(&self) -> f32 {
        BOTTOM - self.y
    }

    /// Text that is not part of an item row (cover title, table of contents).
    pub fn paragraph(&mut self, text: &str, size: f32, x: f32, role: Role) {
        let width = RIGHT - x;
        for r in break_lines(self.m, &self.m.printable(text), size, width) {
            if self.room() < size * 1.5 {
                self.new_page();
            }
            let line = self.m.printable(text)[r].to_owned();
            self.y += size * 1.5;
            let y = self.y - size * 0.4;
            self.page().ops.push(Op::Text { x, y, size, text: line, role });
        }
    }

    pub fn gap(&mut self, h: f32) {
        self.y += h;
    }

    fn wrap(&self, runs: &[Run], size: f32, width: f32) -> Lines {
        let mut text = String::new();
        let mut marked = Vec::new();
        for r in runs {
            let t = self.m.printable(&r.text);
            if r.mark != Mark::None {
                marked.push((text.len()..text.len() + t.len(), r.mark));
            }
            text.push_str(&t);
        }
        let ranges = break_lines(self.m, &text, size, width);
        let mut lines = Vec::new();
        let mut marks = Vec::new();
        for r in ranges {
            let mut m = Vec::new();
            for (w, mark) in &marked {
                let (a, b) = (w.start.max(r.start), w.end.min(r.end));
                if a < b {
                    let x0 = self.m.width(&text[r.start..a], size);
                    m.push((x0, x0 + self.m.width(&text[a..b], size), *mark));
                }
            }
            lines.push(text[r].to_owned());
            marks.push(m);
        }
        Lines { lines, marks }
    }

    pub fn item(&mut self, index: usize, item: &Item) {
        match item {
            Item::Heading { level, text } => self.heading(index, *level, text),
            Item::Band { text } => self.band(index, text),
            Item::Row { label, content } => self.row(index, label, content),
            Item::Grid { headers, rows } => self.grid(index, headers, rows),
            Item::Diagram { title, graph } => self.diagram(index, title, graph),
            Item::Picture { bytes } => self.picture(index, bytes),
        }
    }

    /// The 業務全体図 on a landscape page of its own, as large as fits.
    fn diagram(&mut self, index: usize, title: &str, graph: &crate::flows::Graph) {
        let d = crate::flows::layout::layout(graph, self.m);
        // A page holding only the section's heading takes the diagram (turned landscape), so no
        // page is left with 「（別添1）事務の内容」 alone.
        let only_heading = {
            let ops = &self.page().ops;
            !ops.is_empty() && ops.iter().all(|op| matches!(op, Op::Text { role: Role::Heading(_), .. }))
        };
        let start = if only_heading { self.y } else { TOP };
        if !only_heading {
            self.new_page();
        }
        self.page().landscape = true;
        let (w, h) = self.page().size();
        let title = self.m.printable(title);
        self.page().ops.push(Op::Text { x: LEFT, y: start + 4.0, size: 12.0, text: title, role: Role::Figure(index) });
        let top = start + 16.0;
        let room_w = w - 2.0 * LEFT;
        let room_h = h - top - (PAGE_H - BOTTOM);
        let scale = (room_w / d.width).min(room_h / (d.height + crate::flows::layout::LEGEND_H)).min(1.4);
        self.page().ops.push(Op::Diagram { x: LEFT, y: top, scale, index, diagram: Box::new(d) });
        // What follows starts on a new portrait page.
        self.pages.push(Page::default());
        self.y = TOP;
    }

    /// An attached picture at full content width (or full height, if it is tall).
    fn picture(&mut self, index: usize, bytes: &std::sync::Arc<[u8]>) {
        let Some((pw, ph)) = picture_size(bytes) else {
            self.row(index, "業務全体図の画像", &[Run::plain("（画像を読み取れません。添付し直してください。）")]);
            return;
        };
        let w = RIGHT - LEFT;
        let mut h = w * ph as f32 / pw.max(1) as f32;
        let mut draw_w = w;
        let room = BOTTOM - TOP - 20.0;
        if h > room {
            draw_w = w * room / h;
            h = room;
        }
        if self.room() < h + 20.0 {
            self.new_page();
        }
        self.heading(index, 2, "業務全体図（所管課作成の図）");
        let y = self.y;
        self.page().ops.push(Op::Picture {
            x: LEFT + (w - draw_w) / 2.0,
            y,
            w: draw_w,
            h,
            bytes: bytes.clone(),
            index,
        });
        self.y += h + 8.0;
    }

    /// Column widths in proportion to what each column holds (dates and timing narrow).
    fn grid_widths(&self, headers: &[String]) -> Vec<f32> {
        let weight = |h: &str| {
            if h == "番号" {
                0.9
            } else if h == "向き" {
                1.1
            } else if h == "頻度" || h == "種類" {
                1.3
            } else if h.starts_with("変更前") || h.starts_with("変更後") || h.contains("説明") || h.contains("記載")
            {
                2.4
            } else if h.contains("日") || h.contains("時期") {
                1.0
            } else if h == "項目" || h == "項目（ページ）" {
                1.5
            } else if h == "状況" || h == "進み具合" || h == "期限" {
                1.0
            } else if h == "質問者" || h == "担当" {
                1.2
            } else {
                2.4
            }
        };
        let total: f32 = headers.iter().map(|h| weight(h)).sum();
        headers.iter().map(|h| (RIGHT - LEFT) * weight(h) / total).collect()
    }

    /// Lines `from..to` of one wrapped grid row, as one band of bordered cells.
    fn grid_band(
        &mut self,
        cells: &[Lines],
        widths: &[f32],
        lines: std::ops::Range<usize>,
        shade: bool,
        role: &impl Fn(usize) -> Role,
    ) {
        let h = lines.len().max(1) as f32 * LABEL_LINE + 2.0 * PAD;
        let y = self.y;
        let mut x = LEFT;
        for (col, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if shade {
                self.page().ops.push(Op::Shade { x, y, w: *w, h });
            }
            self.page().ops.push(Op::Border { x, y, w: *w, h });
            for (i, n) in lines.clone().enumerate() {
                let Some(line) = cell.lines.get(n) else { break };
                let ty = y + PAD + (i as f32 + 1.0) * LABEL_LINE - 3.0;
                for &(a, b, mark) in &cell.marks[n] {
                    self.page().ops.push(Op::Highlight {
                        x: x + PAD + a,
                        y: ty - LABEL,
                        w: b - a,
                        h: LABEL * 1.3,
                        mark,
                    });
                }
                if !line.is_empty() {
                    let text = line.clone();
                    self.page().ops.push(Op::Text { x: x + PAD, y: ty, size: LABEL, text, role: role(col) });
                }
            }
            x += w;
        }
        self.y += h;
    }

    /// A table with a header row, then one row per entry (別添3, the comparison table). The
    /// header is repeated on each new page, and a row taller than what is left of a page
    /// continues on the next one.
    fn grid(&mut self, index: usize, headers: &[String], rows: &[Vec<Vec<Run>>]) {
        let widths = self.grid_widths(headers);
        let wrap_row = |p: &Self, cells: &[Vec<Run>], widths: &[f32]| -> Vec<Lines> {
            cells.iter().zip(widths).map(|(c, w)| p.wrap(c, LABEL, w - 2.0 * PAD)).collect()
        };
        let head = wrap_row(self, &headers.iter().map(|h| vec![Run::plain(h.clone())]).collect::<Vec<_>>(), &widths);
        let head_lines = head.iter().map(|l| l.lines.len()).max().unwrap_or(1);
        if self.room() < (head_lines + 3) as f32 * LABEL_LINE {
            self.new_page();
        }
        self.grid_band(&head, &widths, 0..head_lines, true, &|c| Role::GridHead(index, c));
        if rows.is_empty() {
            let none = wrap_row(self, &[vec![Run::plain("変更箇所はありません。")]], &[RIGHT - LEFT]);
            self.grid_band(&none, &[RIGHT - LEFT], 0..1, false, &|_| Role::GridCell(index, 0, 0));
        }
        for (r, row) in rows.iter().enumerate() {
            let cells = wrap_row(self, row, &widths);
            let total = cells.iter().map(|l| l.lines.len()).max().unwrap_or(1).max(1);
            let mut from = 0;
            while from < total {
                let fit = ((self.room() - 2.0 * PAD) / LABEL_LINE).floor().max(0.0) as usize;
                // Never split off fewer than three lines (or the whole row, if shorter).
                if fit < (total - from).min(3) {
                    self.new_page();
                    self.grid_band(&head, &widths, 0..head_lines, true, &|_| Role::Artifact);
                    continue;
                }
                let take = (total - from).min(fit);
                self.grid_band(&cells, &widths, from..from + take, false, &|c| Role::GridCell(index, r, c));
                from += take;
            }
        }
    }

    fn heading(&mut self, index: usize, level: u8, text: &str) {
        let size = if level == 1 { 14.0 } else { 11.5 };
        let h = size * 2.0;
        // Keep a heading with at least a few lines of what follows it.
        if self.room() < h + 4.0 * LINE {
            self.new_page();
        }
        let (page, y) = (self.pages.len() - 1, self.y);
        self.anchors.push(Anchor { level, text: text.to_owned(), page, y });
        let x = LEFT;
        for line in break_lines(self.m, &self.m.printable(text), size, RIGHT - LEFT)
            .into_iter()
            .map(|r| self.m.printable(text)[r].to_owned())
        {
            self.y += size * 1.6;
            let y = self.y - size * 0.35;
            self.page().ops.push(Op::Text { x, y, size, text: line, role: Role::Heading(index) });
        }
        self.y += size * 0.6;
    }

    fn band(&mut self, index: usize, text: &str) {
        let runs = [Run::plain(text.to_owned())];
        let l = self.wrap(&runs, BODY, RIGHT - LEFT - 2.0 * PAD);
        let h = l.lines.len() as f32 * LINE + 2.0 * PAD;
        if self.room() < h + 2.0 * LINE {
            self.new_page();
        }
        let y = self.y;
        self.page().ops.push(Op::Shade { x: LEFT, y, w: RIGHT - LEFT, h });
        self.page().ops.push(Op::Border { x: LEFT, y, w: RIGHT - LEFT, h });
        for (i, line) in l.lines.into_iter().enumerate() {
            let ty = y + PAD + (i as f32 + 1.0) * LINE - 3.5;
            self.page().ops.push(Op::Text { x: LEFT + PAD, y: ty, size: BODY, text: line, role: Role::Band(index) });
        }
        self.y += h;
    }

    fn row(&mut self, index: usize, label: &str, content: &[Run]) {
        let label_lines = self.wrap(&[Run::plain(label.to_owned())], LABEL, LABEL_W - 2.0 * PAD).lines;
        let body = self.wrap(content, BODY, RIGHT - LEFT - LABEL_W - 2.0 * PAD);
        let mut next = 0;
        let mut first = true;
        loop {
            let label_h = label_lines.len() as f32 * LABEL_LINE;
            let fit = ((self.room() - 2.0 * PAD) / LINE).floor().max(0.0) as usize;
            let remaining = body.lines.len() - next;
            // Never leave a sliver: at least two lines (or all, if fewer) go on a page.
            if fit < remaining.min(2) && self.y > TOP {
                self.new_page();
                continue;
            }
            let take = remaining.min(fit.max(1));
            let content_h = take.max(1) as f32 * LINE;
            let h = content_h.max(if first || take == remaining { label_h } else { LINE }) + 2.0 * PAD;
            let y = self.y;
            let x_body = LEFT + LABEL_W + PAD;
            {
                let page = self.page();
                page.ops.push(Op::Shade { x: LEFT, y, w: LABEL_W, h });
                page.ops.push(Op::Border { x: LEFT, y, w: LABEL_W, h });
                page.ops.push(Op::Border { x: LEFT + LABEL_W, y, w: RIGHT - LEFT - LABEL_W, h });
            }
            let mut shown_label: Vec<String> = label_lines.clone();
            if !first {
                shown_label = vec![format!("{}（続き）", label_lines.concat())];
                shown_label = self.wrap(&[Run::plain(shown_label[0].clone())], LABEL, LABEL_W - 2.0 * PAD).lines;
            }
            for (i, l) in shown_label.iter().enumerate() {
                let ty = y + PAD + (i as f32 + 1.0) * LABEL_LINE - 3.0;
                if ty > y + h {
                    break;
                }
                self.page().ops.push(Op::Text {
                    x: LEFT + PAD,
                    y: ty,
                    size: LABEL,
                    text: l.clone(),
                    role: Role::Label(index),
                });
            }
            for i in 0..take {
                let ty = y + PAD + (i as f32 + 1.0) * LINE - 3.5;
                for &(a, b, mark) in &body.marks[next + i] {
                    self.page().ops.push(Op::Highlight { x: x_body + a, y: ty - BODY, w: b - a, h: BODY * 1.3, mark });
                }
                let text = body.lines[next + i].clone();
                if !text.is_empty() {
                    self.page().ops.push(Op::Text { x: x_body, y: ty, size: BODY, text, role: Role::Content(index) });
                }
            }
            self.y += h;
            next += take;
            if next >= body.lines.len() {
                break;
            }
            first = false;
        }
    }
}

/// The pixel size of a PNG or JPEG, read from its header.
pub fn picture_size(bytes: &[u8]) -> Option<(u32, u32)> {
    use crate::doc::ImageFormat;
    match ImageFormat::of(bytes)? {
        ImageFormat::Png => {
            let d = krilla::Data::from(bytes.to_vec());
            krilla::image::Image::from_png(d, true).ok().map(|i| i.size())
        }
        ImageFormat::Jpeg => {
            let d = krilla::Data::from(bytes.to_vec());
            krilla::image::Image::from_jpeg(d, true).ok().map(|i| i.size())
        }
    }
}
