package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/service/report"
)

// runExport writes one session's participants and events for an incident
// report: Markdown (ready for a ticket), JSON or CSV, on stdout or --out.
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ivsdash export", flag.ContinueOnError)
	var conn connectionFlags
	conn.register(fs)
	stage := fs.String("stage", "", "`ARN` of the stage (required)")
	session := fs.String("session", "", "session `id` (default: the stage's live session)")
	format := fs.String("format", "md", "`format`: md (Markdown, for a ticket), json or csv")
	out := fs.String("out", "", "write to this new `file` (never overwritten) instead of stdout")
	details := fs.String("details", report.DefaultDetails.String(), "whose client details (browser, OS, SDK: a call each) to fetch: `all`, errors, publishers or publishers,errors; events are read for everyone")
	help := func(w io.Writer) {
		fmt.Fprintln(w, "ivsdash export: a stage session's participants and events for an incident report (sanitised; no tokens)")
		fmt.Fprintln(w, "\nUsage: ivsdash export --stage ARN [--session ID] [--format md|json|csv] [--out FILE] [--details all|errors|publishers]")
		fmt.Fprintln(w, "\nProgress goes to stderr; ctrl+c writes what was read so far, marked partial.\n\nFlags:")
	}
	if err := parseFlags(fs, args, stderr, help); err != nil {
		return badUsage(stderr, fs.Name(), err)
	}
	if err := checkStageARN(*stage); err != nil {
		return badUsage(stderr, fs.Name(), err)
	}
	if !slices.Contains(report.Formats, strings.ToLower(*format)) && !strings.EqualFold(*format, "markdown") {
		fmt.Fprintf(stderr, "ivsdash export: --format %q: choose md, json or csv\n", *format)
		return 2
	}
	whose, err := report.ParseDetails(*details)
	if err != nil {
		fmt.Fprintf(stderr, "ivsdash export: --details %s\n", err)
		return 2
	}
	rep := reporter{cmd: fs.Name(), stderr: stderr, noDemo: true}
	client, closeLog, err := conn.open(ctx, &rep)
	defer closeLog()
	if err != nil {
		return rep.fail(err)
	}
	if *session == "" {
		st, err := client.GetStage(ctx, *stage)
		if err != nil {
			return rep.fail(err)
		}
		if st.ActiveSessionID == "" {
			fmt.Fprintln(stderr, "ivsdash export: the stage has no live session: give --session (its sessions: aws ivs-realtime list-stage-sessions)")
			return 1
		}
		*session = st.ActiveSessionID
	}
	// Open the file first: a name already taken fails before minutes of reading.
	w, closeOut := io.Writer(stdout), func() error { return nil }
	if *out != "" {
		fh, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return rep.fail(fmt.Errorf("--out: %w (an export never overwrites a file)", err))
		}
		w, closeOut = fh, fh.Close
	}
	prog := newExportProgress(stderr)
	r, collectErr := report.CollectWith(ctx, client, *stage, *session, report.Options{
		Details:  whose,
		Progress: prog.update,
		Rate:     conn.budget.config.Rate(ivs.GroupOf("ListParticipantEvents")),
	})
	prog.finish()
	if collectErr != nil && r.Session.ID == "" {
		_ = closeOut()
		if *out != "" {
			_ = os.Remove(*out)
		}
		return rep.fail(collectErr)
	}
	werr := report.Write(w, r, *format)
	if cerr := closeOut(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return rep.fail(werr)
	}
	if r.Partial {
		fmt.Fprintf(stderr, "ivsdash export: partial report: %s\n", r.Note)
	}
	if *out != "" {
		fmt.Fprintf(stderr, "wrote %s: %d participants, %d events\n", *out, len(r.Participants), len(r.Events))
	}
	if collectErr != nil {
		return rep.fail(collectErr)
	}
	return 0
}
