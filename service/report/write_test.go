package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/service/sanitize"
)

func write(t *testing.T, r Report, format string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r, format); err != nil {
		t.Fatalf("Write %s: %v", format, err)
	}
	return buf.Bytes()
}

func TestWriteJSONParsesBack(t *testing.T) {
	r := fixtureReport()
	r.Partial, r.Note = true, "events of 1 of 6 participants could not be fetched"
	data := write(t, r, "json")

	var got struct {
		GeneratedAt string `json:"generatedAt"`
		Partial     bool   `json:"partial"`
		Note        string `json:"note"`
		Stage       struct {
			ARN, ID, Name string
			Endpoints     struct{ Events, WHIP string }
		} `json:"stage"`
		Session struct {
			SessionID       string  `json:"sessionId"`
			StartTime       string  `json:"startTime"`
			EndTime         string  `json:"endTime"`
			Live            bool    `json:"live"`
			DurationSeconds float64 `json:"durationSeconds"`
		} `json:"session"`
		Counts struct {
			Participants, Publishers, Events, ErrorEvents int
		} `json:"counts"`
		ErrorsByCode map[string]struct {
			Count        int
			Meaning, Fix string
		} `json:"errorsByCode"`
		Participants []struct {
			ParticipantID, UserID, State, FirstJoinTime string
			Published                                   bool
			Attributes                                  map[string]string
		} `json:"participants"`
		Events []struct {
			EventTime, Name, ParticipantID, UserID, RemoteParticipantID, ErrorCode string
			Error                                                                  bool
		} `json:"events"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatalf("JSON does not parse: %v\n%s", err, data)
	}

	if !got.Partial || got.Note != r.Note {
		t.Errorf("partial %v note %q", got.Partial, got.Note)
	}
	if got.Stage.ARN != fixtureStage.ARN || got.Stage.Name != "town-hall" || got.Stage.Endpoints.WHIP != fixtureStage.Endpoints.WHIP {
		t.Errorf("stage = %+v", got.Stage)
	}
	if got.Session.SessionID != "st-AAAAAAAAAAAAA" || got.Session.Live || got.Session.DurationSeconds != 3723 {
		t.Errorf("session = %+v", got.Session)
	}
	for _, ts := range []string{got.GeneratedAt, got.Session.StartTime, got.Session.EndTime} {
		if _, err := time.Parse(time.RFC3339, ts); err != nil {
			t.Errorf("time %q is not RFC 3339: %v", ts, err)
		}
	}
	if got.Counts.Participants != 6 || got.Counts.Publishers != 1 || got.Counts.Events != 13 || got.Counts.ErrorEvents != 4 {
		t.Errorf("counts = %+v", got.Counts)
	}
	if len(got.ErrorsByCode) != 3 || got.ErrorsByCode["INSUFFICIENT_CAPABILITIES"].Count != 2 ||
		got.ErrorsByCode["PUBLISHER_NOT_FOUND"].Count != 1 || got.ErrorsByCode[unspecifiedCode].Count != 1 {
		t.Errorf("errorsByCode = %+v", got.ErrorsByCode)
	}
	wantMeaning, wantFix := ivs.ExplainErrorCode("INSUFFICIENT_CAPABILITIES")
	if got.ErrorsByCode["INSUFFICIENT_CAPABILITIES"].Meaning != wantMeaning || got.ErrorsByCode["INSUFFICIENT_CAPABILITIES"].Fix != wantFix {
		t.Errorf("meaning/fix = %+v", got.ErrorsByCode["INSUFFICIENT_CAPABILITIES"])
	}

	if len(got.Participants) != len(r.Participants) {
		t.Fatalf("%d participants, want %d", len(got.Participants), len(r.Participants))
	}
	for i, p := range got.Participants {
		want := r.Participants[i]
		// JSON keeps the values exactly (encoding/json escapes controls).
		if p.ParticipantID != want.ID || p.UserID != want.UserID || p.Attributes["role"] != want.UserID || p.Published != want.Published {
			t.Errorf("participant %d = %+v, want %+v", i, p, want)
		}
		if ft, err := time.Parse(time.RFC3339, p.FirstJoinTime); err != nil || !ft.Equal(want.FirstJoin) {
			t.Errorf("firstJoinTime %q: %v", p.FirstJoinTime, err)
		}
	}
	if len(got.Events) != len(r.Events) {
		t.Fatalf("%d events, want %d", len(got.Events), len(r.Events))
	}
	for i, e := range got.Events {
		want := r.Events[i]
		et, err := time.Parse(time.RFC3339Nano, e.EventTime)
		if err != nil || !et.Equal(want.Time) {
			t.Errorf("event %d time %q: %v", i, e.EventTime, err)
		}
		if e.Name != want.Name || e.ParticipantID != want.ParticipantID || e.ErrorCode != want.ErrorCode || e.Error != want.IsError() || e.RemoteParticipantID != want.RemoteParticipantID {
			t.Errorf("event %d = %+v, want %+v", i, e, want)
		}
	}
	if got.Events[3].UserID != hostileANSI {
		t.Errorf("event 3 user %q", got.Events[3].UserID)
	}
	// Raw control bytes never appear in the file itself.
	if bytes.ContainsAny(data, "\x1b\x07") {
		t.Error("JSON output holds raw control characters")
	}
}

func TestWriteCSVParsesBack(t *testing.T) {
	r := fixtureReport()
	data := write(t, r, "csv")
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	if len(rows) != len(r.Events)+1 {
		t.Fatalf("%d rows, want header + %d", len(rows), len(r.Events))
	}
	if strings.Join(rows[0], ",") != "user_id,participant_id,event,time,remote_participant_id,error_code,meaning,fix" {
		t.Fatalf("header = %v", rows[0])
	}
	users := userIDs(r)
	for i, row := range rows[1:] {
		e := r.Events[i]
		if row[1] != e.ParticipantID || row[2] != e.Name || row[4] != e.RemoteParticipantID || row[5] != e.ErrorCode {
			t.Errorf("row %d = %q, want event %+v", i+1, row, e)
		}
		if ts, err := time.Parse(time.RFC3339Nano, row[3]); err != nil || !ts.Equal(e.Time) {
			t.Errorf("row %d time %q: %v", i+1, row[3], err)
		}
		wantMeaning, wantFix := "", ""
		if e.ErrorCode != "" {
			wantMeaning, wantFix = ivs.ExplainErrorCode(e.ErrorCode)
		}
		if row[6] != wantMeaning || row[7] != wantFix {
			t.Errorf("row %d meaning/fix = %q/%q", i+1, row[6], row[7])
		}
		if want := csvExpected(users[e.ParticipantID]); row[0] != want {
			t.Errorf("row %d user id %q, want %q", i+1, row[0], want)
		}
		for j, cell := range row {
			if c := firstNonSpace(cell); c != 0 && strings.ContainsRune("=+-@\t\r", c) {
				t.Errorf("row %d cell %d %q starts a formula", i+1, j, cell)
			}
			if strings.ContainsAny(cell, "\x1b\x07\u202E\u2066\u2069\n\r\t") {
				t.Errorf("row %d cell %d %q keeps a control character", i+1, j, cell)
			}
		}
	}
	// The formula user id stays readable, neutralised by the quote.
	if got := rows[9][0]; got != "'"+hostileFormula {
		t.Errorf("formula user id became %q", got)
	}
}

func csvExpected(s string) string {
	s = sanitize.Text(s)
	if c := firstNonSpace(s); c != 0 && strings.ContainsRune("=+-@", c) {
		return "'" + s
	}
	return s
}

func firstNonSpace(s string) rune {
	for _, r := range s {
		if r != ' ' {
			return r
		}
	}
	return 0
}

func TestCSVCellGuards(t *testing.T) {
	cases := map[string]string{
		"=1+1":        "'=1+1",
		"+1":          "'+1",
		"-1":          "'-1",
		"@SUM(A1)":    "'@SUM(A1)",
		"  =1+1":      "'  =1+1",
		"\t=1":        "' =1", // the sanitiser turns tab into a space
		"\r=1":        "⏎=1",  // CR becomes a visible mark, which no spreadsheet runs
		"plain":       "plain",
		"a=b":         "a=b",
		"\x1b[2J=x":   "'=x",
		"\u202E=evil": "'=evil",
		"":            "",
	}
	for in, want := range cases {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// mdTable is one table of rendered Markdown: rows of cells' text, plus the
// names of any elements found inside cells.
type mdTable struct {
	rows     [][]string
	elements map[string]bool
}

// renderMarkdown renders md as GitHub does (GFM tables, strikethrough) to
// XHTML and reads the tables back with encoding/xml, which also resolves
// the entities: what it returns is what a reader of the ticket sees.
func renderMarkdown(t *testing.T, src []byte) (tables []mdTable, headings []string, body string) {
	t.Helper()
	gm := goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough),
		goldmark.WithRendererOptions(html.WithXHTML()),
	)
	var out bytes.Buffer
	if err := gm.Convert(src, &out); err != nil {
		t.Fatal(err)
	}
	body = out.String()
	dec := xml.NewDecoder(strings.NewReader("<root>" + body + "</root>"))
	dec.Entity = xml.HTMLEntity
	var (
		cur     *mdTable
		row     []string
		cell    *strings.Builder
		heading *strings.Builder
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("rendered Markdown is not well-formed: %v\n%s", err, body)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			switch tk.Name.Local {
			case "table":
				tables = append(tables, mdTable{elements: map[string]bool{}})
				cur = &tables[len(tables)-1]
			case "tr":
				row = nil
			case "td", "th":
				cell = &strings.Builder{}
			case "h1", "h2", "h3":
				heading = &strings.Builder{}
			default:
				if cell != nil {
					cur.elements[tk.Name.Local] = true
				}
			}
		case xml.EndElement:
			switch tk.Name.Local {
			case "td", "th":
				row = append(row, cell.String())
				cell = nil
			case "tr":
				cur.rows = append(cur.rows, row)
			case "table":
				cur = nil
			case "h1", "h2", "h3":
				headings = append(headings, heading.String())
				heading = nil
			}
		case xml.CharData:
			if cell != nil {
				cell.Write(tk)
			}
			if heading != nil {
				heading.Write(tk)
			}
		}
	}
	return tables, headings, body
}

func TestWriteMarkdownParsesBack(t *testing.T) {
	r := fixtureReport()
	src := write(t, r, "md")
	tables, headings, body := renderMarkdown(t, src)

	if len(headings) == 0 || headings[0] != "IVS incident report: stage town-hall, session st-AAAAAAAAAAAAA" {
		t.Fatalf("headings = %q", headings)
	}
	if len(tables) != 4 {
		t.Fatalf("%d tables, want 4 (header, errors by code, participants, events):\n%s", len(tables), src)
	}
	meta, codes, parts, events := tables[0], tables[1], tables[2], tables[3]

	metaRows := map[string]string{}
	for _, row := range meta.rows[1:] {
		metaRows[row[0]] = row[1]
	}
	if metaRows["Start"] != "2026-03-01 10:00:00.000Z" || metaRows["End"] != "2026-03-01 11:02:03.000Z" || metaRows["Duration"] != "1h2m3s" || metaRows["Session"] != "st-AAAAAAAAAAAAA" {
		t.Errorf("header table = %v", metaRows)
	}
	if !strings.Contains(body, "Participants: 6 (1 published") || !strings.Contains(body, "Events: 13, of which 4 errors") {
		t.Errorf("counts missing from:\n%s", src)
	}

	if len(codes.rows) != 4 {
		t.Fatalf("errors table has %d rows, want header + 3", len(codes.rows))
	}
	meaning, fix := ivs.ExplainErrorCode("INSUFFICIENT_CAPABILITIES")
	if got := codes.rows[1]; got[0] != "INSUFFICIENT_CAPABILITIES" || got[1] != "2" || got[2] != meaning || got[3] != fix {
		t.Errorf("top error row = %q", got)
	}

	if len(parts.rows) != len(r.Participants)+1 {
		t.Fatalf("participants table has %d rows, want %d", len(parts.rows), len(r.Participants)+1)
	}
	for i, p := range r.Participants {
		row := parts.rows[i+1]
		if len(row) != 9 {
			t.Fatalf("participant row %d has %d cells (a value broke the table): %q", i, len(row), row)
		}
		// What the reader sees is the sanitised value, character for
		// character: escaping lost nothing and let nothing through.
		if row[0] != sanitize.Text(p.UserID) || row[1] != p.ID || row[3] != yesNo(p.Published) {
			t.Errorf("participant row %d = %q, want user %q", i, row, sanitize.Text(p.UserID))
		}
		if !strings.HasPrefix(row[8], "role=") {
			t.Errorf("attributes cell %q", row[8])
		}
	}

	if len(events.rows) != len(r.Events)+1 {
		t.Fatalf("events table has %d rows, want %d", len(events.rows), len(r.Events)+1)
	}
	users := userIDs(r)
	for i, e := range r.Events {
		row := events.rows[i+1]
		if len(row) != 6 {
			t.Fatalf("event row %d has %d cells: %q", i, len(row), row)
		}
		wantName := e.Name
		if e.IsError() {
			wantName += " (error)"
		}
		if row[0] != mdTime(e.Time) || row[1] != wantName || row[2] != sanitize.Text(users[e.ParticipantID]) || row[3] != e.ParticipantID || row[5] != e.ErrorCode {
			t.Errorf("event row %d = %q, want %+v", i, row, e)
		}
	}
	if !events.elements["strong"] {
		t.Error("error events are not marked in bold")
	}
	for i, tb := range tables {
		for el := range tb.elements {
			if el != "strong" {
				t.Errorf("table %d holds a <%s> element: injected markup", i, el)
			}
		}
	}
	for _, bad := range []string{"<script", "<a ", "raw HTML omitted", "<code>", "<em>", "<del>"} {
		if strings.Contains(body, bad) {
			t.Errorf("rendered report holds %q", bad)
		}
	}
	if bytes.ContainsAny(src, "\x1b\x07") || strings.ContainsAny(string(src), "\u202E\u2066\u2069") {
		t.Error("Markdown source keeps escape or bidi characters")
	}
}

func TestWriteMarkdownPartialLiveEmpty(t *testing.T) {
	r := Report{
		Stage:       service.Stage{ID: "s1", ARN: "arn:aws:ivs:us-east-1:123456789012:stage/s1"},
		Session:     service.Session{ID: "st-BBBBBBBBBBBBB", Start: t0},
		GeneratedAt: t0.Add(90 * time.Second),
		Partial:     true,
		Note:        "collection was interrupted | <b>x</b>",
	}
	src := write(t, r, "markdown")
	tables, headings, body := renderMarkdown(t, src)
	if headings[0] != "IVS incident report: stage s1, session st-BBBBBBBBBBBBB" {
		t.Errorf("heading %q (falls back to the stage id)", headings[0])
	}
	if !strings.Contains(body, "Partial report:") || !strings.Contains(body, "collection was interrupted | &lt;b&gt;x&lt;/b&gt;") {
		t.Errorf("partial note missing or unescaped:\n%s", body)
	}
	if len(tables) != 1 {
		t.Errorf("%d tables, want the header table only", len(tables))
	}
	meta := map[string]string{}
	for _, row := range tables[0].rows[1:] {
		meta[row[0]] = row[1]
	}
	if meta["End"] != "live" || meta["Duration"] != "1m30s" {
		t.Errorf("live session shown as %v", meta)
	}
	if !strings.Contains(body, "No participants.") || !strings.Contains(body, "No events.") {
		t.Errorf("empty sections not said:\n%s", body)
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	err := Write(&buf, fixtureReport(), "xlsx")
	if err == nil || !strings.Contains(err.Error(), `unknown format "xlsx"`) {
		t.Fatalf("err = %v", err)
	}
	if buf.Len() != 0 {
		t.Error("something was written for an unknown format")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

func TestWriteReportsWriterErrors(t *testing.T) {
	for _, f := range Formats {
		if err := Write(failWriter{}, fixtureReport(), f); err == nil {
			t.Errorf("%s: a failing writer reported no error", f)
		}
	}
}

func TestFileName(t *testing.T) {
	r := Report{Stage: service.Stage{ID: "AbC-1"}, Session: service.Session{ID: "st-XYZ"}}
	if got := FileName(r, "md"); got != "ivs-AbC-1-st-XYZ.md" {
		t.Errorf("FileName = %q", got)
	}
	r.Stage.ID = "../../etc/passwd"
	if got := FileName(r, "markdown"); got != "ivs-etcpasswd-st-XYZ.md" {
		t.Errorf("FileName with a hostile id = %q", got)
	}
	if got := FileName(Report{}, "json"); got != "ivs-unknown-unknown.json" {
		t.Errorf("FileName of an empty report = %q", got)
	}
}

func BenchmarkWrite(b *testing.B) {
	r := fixtureReport()
	base := r.Events
	// A busy session: 10,000 events.
	for len(r.Events) < 10_000 {
		r.Events = append(r.Events, base...)
	}
	for _, f := range Formats {
		b.Run(f, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Write(io.Discard, r, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
