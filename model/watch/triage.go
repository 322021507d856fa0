package watch

import (
	"cmp"
	"slices"
	"time"

	"github.com/ivsdash/ivsdash/service"
)

// TriageKind says what a TriageRow is: rows are a flattened tree of a code,
// the stages where it happened, and the participants it happened to.
type TriageKind int

const (
	TriageCode TriageKind = iota
	TriageStage
	TriageParticipant
)

// TriageRow is one row of the triage view's tree.
type TriageRow struct {
	Kind        TriageKind
	Code        string // ErrorKey of the events
	Stage       service.Stage
	Session     string // the session of a participant; of a stage row when it has one
	Sessions    int    // stage rows: how many sessions had the code
	Participant string
	UserID      string // untrusted
	Count       int
	Last        time.Time
}

// Triage groups the errors of the window: codes by count, then the stages
// where each happened, then the participants it happened to.
func (w *Watcher) Triage(now time.Time) []TriageRow {
	from := now.Add(-w.window)
	type stageAgg struct {
		row      TriageRow
		sessions map[string]bool
		parts    map[string]*TriageRow
	}
	type codeAgg struct {
		row    TriageRow
		stages map[string]*stageAgg
	}
	codes := map[string]*codeAgg{}
	for _, s := range w.sessions {
		for _, id := range s.order {
			wp := s.parts[id]
			for _, e := range wp.errs {
				if e.Time.Before(from) {
					continue
				}
				code := ErrorKey(e)
				ca := codes[code]
				if ca == nil {
					ca = &codeAgg{row: TriageRow{Kind: TriageCode, Code: code}, stages: map[string]*stageAgg{}}
					codes[code] = ca
				}
				sa := ca.stages[s.key.StageARN]
				if sa == nil {
					sa = &stageAgg{row: TriageRow{Kind: TriageStage, Code: code, Stage: s.stage}, sessions: map[string]bool{}, parts: map[string]*TriageRow{}}
					ca.stages[s.key.StageARN] = sa
				}
				pk := s.key.SessionID + "\x00" + id
				pr := sa.parts[pk]
				if pr == nil {
					pr = &TriageRow{Kind: TriageParticipant, Code: code, Stage: s.stage, Session: s.key.SessionID, Participant: id, UserID: wp.p.UserID}
					sa.parts[pk] = pr
				}
				sa.sessions[s.key.SessionID] = true
				for _, r := range []*TriageRow{&ca.row, &sa.row, pr} {
					r.Count++
					if e.Time.After(r.Last) {
						r.Last = e.Time
					}
				}
			}
		}
	}
	byCount := func(a, b TriageRow) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), b.Last.Compare(a.Last), cmp.Compare(a.Code+a.Stage.Name+a.UserID+a.Participant, b.Code+b.Stage.Name+b.UserID+b.Participant))
	}
	var cs []*codeAgg
	for _, ca := range codes {
		cs = append(cs, ca)
	}
	slices.SortFunc(cs, func(a, b *codeAgg) int { return byCount(a.row, b.row) })
	var out []TriageRow
	for _, ca := range cs {
		out = append(out, ca.row)
		var ss []*stageAgg
		for _, sa := range ca.stages {
			sa.row.Sessions = len(sa.sessions)
			if len(sa.sessions) == 1 {
				for id := range sa.sessions {
					sa.row.Session = id
				}
			}
			ss = append(ss, sa)
		}
		slices.SortFunc(ss, func(a, b *stageAgg) int { return byCount(a.row, b.row) })
		for _, sa := range ss {
			out = append(out, sa.row)
			var ps []TriageRow
			for _, pr := range sa.parts {
				ps = append(ps, *pr)
			}
			slices.SortFunc(ps, byCount)
			out = append(out, ps...)
		}
	}
	return out
}
