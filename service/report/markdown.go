package report

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/sanitize"
)

// writeMarkdown writes a GitHub-flavoured Markdown report meant to be pasted
// into a ticket: a header, the counts, the errors by code with what to do,
// then the participants and the events. Every value goes through md, so a
// hostile user id can neither break a table nor inject links or HTML.
func writeMarkdown(w io.Writer, r Report) error {
	bw := bufio.NewWriter(w)
	c := countReport(r)

	name := r.Stage.Name
	if name == "" {
		name = r.Stage.ID
	}
	fmt.Fprintf(bw, "# IVS incident report: stage %s, session %s\n\n", md(name), md(r.Session.ID))

	if r.Partial {
		fmt.Fprintf(bw, "> **Partial report:** %s\n\n", md(r.Note))
	} else if r.Note != "" {
		fmt.Fprintf(bw, "> %s\n\n", md(r.Note))
	}

	bw.WriteString("| | |\n|---|---|\n")
	kv := func(k, v string) { fmt.Fprintf(bw, "| %s | %s |\n", k, v) }
	kv("Stage", md(name))
	kv("Stage ARN", md(r.Stage.ARN))
	kv("Session", md(r.Session.ID))
	kv("Start", mdTime(r.Session.Start))
	if r.Session.Live() {
		kv("End", "live")
	} else {
		kv("End", mdTime(r.Session.End))
	}
	kv("Duration", md(duration(r.Session.Duration(r.GeneratedAt))))
	kv("Report generated", mdTime(r.GeneratedAt))
	bw.WriteString("\n## Summary\n\n")
	fmt.Fprintf(bw, "- Participants: %d (%d published, %d connected when the report was made)\n", c.Participants, c.Publishers, c.Connected)
	fmt.Fprintf(bw, "- Events: %d, of which %d errors\n\n", c.Events, c.ErrorEvents)

	if codes := errorsByCode(r.Events); len(codes) > 0 {
		bw.WriteString("### Errors by code\n\n| Code | Count | Meaning | Usual fix |\n|---|---:|---|---|\n")
		for _, cc := range codes {
			fmt.Fprintf(bw, "| %s | %d | %s | %s |\n", md(cc.Code), cc.Count, md(cc.Meaning), md(cc.Fix))
		}
		bw.WriteString("\n")
	}

	bw.WriteString("## Participants\n\n")
	if len(r.Participants) == 0 {
		bw.WriteString("No participants.\n\n")
	} else {
		bw.WriteString("| User id | Participant id | State | Published | First join | Protocol | Recording | Client | Attributes |\n")
		bw.WriteString("|---|---|---|---|---|---|---|---|---|\n")
		for _, p := range r.Participants {
			fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
				md(p.UserID), md(p.ID), md(p.State), yesNo(p.Published), mdTime(p.FirstJoin),
				md(p.Protocol), md(p.RecordingState), md(client(p)), md(attributes(p.Attributes)))
		}
		bw.WriteString("\n")
	}

	bw.WriteString("## Events\n\n")
	if len(r.Events) == 0 {
		bw.WriteString("No events.\n")
	} else {
		users := userIDs(r)
		bw.WriteString("| Time | Event | User id | Participant id | Remote participant | Error code |\n")
		bw.WriteString("|---|---|---|---|---|---|\n")
		for _, e := range r.Events {
			event := md(e.Name)
			if e.IsError() {
				// Bold plus a word, so the mark survives a plain-text paste.
				event = "**" + event + "** (error)"
			}
			fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %s |\n",
				mdTime(e.Time), event, md(users[e.ParticipantID]), md(e.ParticipantID), md(e.RemoteParticipantID), md(e.ErrorCode))
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: writing Markdown: %w", err)
	}
	return nil
}

// mdEscaper escapes what could end a table cell or start Markdown or HTML
// syntax: a backslash first (so `\|` in the input cannot cancel the
// escape of `|`), then emphasis, code, link brackets, strikethrough, and the
// HTML-significant characters as entities.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`,
	"|", `\|`,
	"`", "\\`",
	"*", `\*`,
	"_", `\_`,
	"[", `\[`,
	"]", `\]`,
	"~", `\~`,
	"&", "&amp;",
	"<", "&lt;",
	">", "&gt;",
	"\n", " ",
	"\r", " ",
)

// md makes untrusted text safe for one table cell or a heading: sanitised
// by the project's one sanitiser (escape sequences, controls, bidi
// overrides), then escaped for Markdown.
func md(s string) string {
	return mdEscaper.Replace(sanitize.Text(s))
}

func mdTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05.000Z")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// duration prints whole seconds: "1h2m3s".
func duration(d time.Duration) string {
	return d.Truncate(time.Second).String()
}

// client joins what GetParticipant says of the participant's software.
func client(p service.Participant) string {
	var parts []string
	add := func(name, version string) {
		if s := strings.TrimSpace(name + " " + version); s != "" {
			parts = append(parts, s)
		}
	}
	add(p.BrowserName, p.BrowserVersion)
	add(p.OSName, p.OSVersion)
	if p.SDKVersion != "" {
		parts = append(parts, "SDK "+p.SDKVersion)
	}
	if p.ISPName != "" {
		parts = append(parts, "ISP "+p.ISPName)
	}
	return strings.Join(parts, ", ")
}

// attributes prints a map in key order, quoting so `a=b` inside a value
// cannot pose as a second attribute.
func attributes(m map[string]string) string {
	keys := slices.Sorted(maps.Keys(m))
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+"="+strconv.Quote(m[k]))
	}
	return strings.Join(parts, " ")
}
