package model

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// Scale (issue 6): only what is visible is polled, the publishers come
// first, the watcher shares the list on screen, counts stay incremental.

// answer delivers a result to the latest request of a kind and reports
// whether that started a new request of the same kind.
func answer[T any](t *testing.T, a *App, p kit.Pane, kind string, val T) (startedAnother bool) {
	t.Helper()
	before := reqsOf(p).Latest[kind]
	deliver(t, a, p, kind, val, nil)
	return reqsOf(p).Latest[kind] != before
}

func TestCoveredStagesPanePausesPagingAndLiveFigures(t *testing.T) {
	a := newTestApp(120, 40)
	p := a.top().(*panes.StagesPane)
	a.Init()
	stages := stageFixture()
	if !answer(t, a, p, "stages", service.Page[service.Stage]{Items: stages[:1], NextToken: "page2"}) {
		t.Fatal("on top, the next page is asked for at once")
	}
	_ = a.View()
	if reqsOf(p).Latest["live"] == 0 || p.Enriched == "" {
		t.Fatal("on top, the live stage on screen gets its figures")
	}

	// Another pane covers the stages: the page in flight lands, the next waits.
	a.Update(kit.PushPaneMsg{Pane: panes.NewSessionsPane(a.ctx, stages[0])})
	if answer(t, a, p, "stages", service.Page[service.Stage]{Items: stages[1:], NextToken: "page3"}) {
		t.Fatal("covered, the stages pane asked for its next page")
	}
	if p.Paused != "page3" || p.Reqs.InFlight["stages"] {
		t.Fatalf("covered: paused %q, in flight %v; want the next page kept for later", p.Paused, p.Reqs.InFlight["stages"])
	}
	// The figures in flight land; no next stage is read while covered,
	// though the standup's figures were never read.
	if answer(t, a, p, "live", panes.LiveInfo{SessionID: stages[0].ActiveSessionID, Connected: 3}) {
		t.Fatal("covered, the stages pane went on reading live figures")
	}
	if p.Enriched != "" {
		t.Fatalf("an enrichment is marked in flight while covered: %q", p.Enriched)
	}

	// Back on top: the cycle resumes from the page it stopped at.
	a.Update(kit.PopPaneMsg{})
	if p.Paused != "" || !p.Reqs.InFlight["stages"] {
		t.Fatalf("shown again: paused %q, in flight %v; want the paused page asked for", p.Paused, p.Reqs.InFlight["stages"])
	}
	answer(t, a, p, "stages", service.Page[service.Stage]{})
	if len(p.List.Items) != len(stages) {
		t.Fatalf("%d stages after the resumed cycle, want %d", len(p.List.Items), len(stages))
	}
	_ = a.View()
	if p.Enriched != stages[2].ARN {
		t.Fatalf("shown again, the figures of the standup (never read) should be next, got %q", p.Enriched)
	}
}

func TestCoveredParticipantsPanePausesItsScan(t *testing.T) {
	a := newTestApp(120, 40)
	st, sess := stageFixture()[0], sessionFixture()[1]
	push(a, panes.NewSessionsPane(a.ctx, st))
	pp := panes.NewParticipantsPane(a.ctx, st, sess)
	push(a, pp)
	if pp.Reqs.Latest["publishers"] == 0 || pp.Reqs.Latest["scan"] == 0 {
		t.Fatalf("Init asks for the publishers and the scan: %v", pp.Reqs.Latest)
	}
	all := crowd(300)
	page := func(from int, next string) panes.PagedFrom {
		return panes.PagedFrom{Page: service.Page[service.Participant]{Items: all[from : from+100], NextToken: next}}
	}
	if !answer(t, a, pp, "scan", page(0, "t2")) {
		t.Fatal("on top, the scan goes on")
	}
	if got := pp.LoadState.Progress; got != "listed 100 so far (page 1 of ?)" {
		t.Errorf("progress %q: the count is what has been listed, and the total is unknown", got)
	}

	a.Update(kit.PushPaneMsg{Pane: panes.NewParticipantPane(a.ctx, st, sess, all[5])})
	if answer(t, a, pp, "scan", page(100, "t3")) {
		t.Fatal("covered, the participants pane asked for its next page")
	}
	if pp.ScanToken != "t3" || pp.Reqs.InFlight["scan"] || !pp.Scanning {
		t.Fatalf("covered: token %q, in flight %v, scanning %v", pp.ScanToken, pp.Reqs.InFlight["scan"], pp.Scanning)
	}
	// A poll while covered does not reach it (the root polls the top pane
	// only), and the status line keeps the progress.
	if got := pp.LoadState.Progress; !strings.Contains(got, "listed 200 so far (page 2 of ?)") {
		t.Errorf("progress while paused %q", got)
	}

	a.Update(kit.PopPaneMsg{})
	if !pp.Reqs.InFlight["scan"] || pp.ScanToken != "" {
		t.Fatalf("shown again: in flight %v, token %q; want the scan resumed", pp.Reqs.InFlight["scan"], pp.ScanToken)
	}
	answer(t, a, pp, "scan", page(200, ""))
	if len(pp.List.Items) != 300 || !pp.Complete {
		t.Fatalf("after the resumed scan: %d listed, complete %v", len(pp.List.Items), pp.Complete)
	}
}

func TestParticipantsCountsFollowEveryMerge(t *testing.T) {
	a := newTestApp(120, 40)
	pp := withParticipants(t, a, 0)
	rng := rand.New(rand.NewPCG(6, 6))
	pool := crowd(400)
	for round := range 200 {
		batch := make([]service.Participant, 1+rng.IntN(30))
		for i := range batch {
			p := pool[rng.IntN(len(pool))]
			if rng.IntN(3) == 0 {
				p.State = service.StateDisconnected
			}
			p.Published = rng.IntN(10) == 0
			batch[i] = p
		}
		pp.Merge(batch)
		conn, pub := 0, 0
		for _, x := range pp.List.Items {
			if x.Connected() {
				conn++
			}
			if x.Published {
				pub++
			}
		}
		if c, p := pp.Counts(); c != conn || p != pub {
			t.Fatalf("round %d: counts %d connected %d published, the list holds %d and %d", round, c, p, conn, pub)
		}
	}
	header := screen(a)
	conn, pub := pp.Counts()
	if want := fmt.Sprintf("%d connected · %d published", conn, pub); !strings.Contains(header, want) {
		t.Errorf("header lacks %q:\n%s", want, header)
	}
	// A new API filter starts the counts again.
	pp.Update(a.ctx, panes.UserFilterMsg("viewer-00001"))
	if c, p := pp.Counts(); c != 0 || p != 0 {
		t.Errorf("after a new filter the counts are %d and %d, want 0", c, p)
	}
}

// The publishers' call is made, and answered, before the scan's first page
// is asked for: against the emulator, running the pane's first command.
func TestParticipantsPaneAsksForPublishersFirst(t *testing.T) {
	e := newEmulator(t, emulator.Options{Simulate: true, Seed: 1, NoThrottle: true, Participants: 1000, SimulationTick: time.Hour})
	arn, sid, ok := e.BusiestSession()
	if !ok {
		t.Fatal("no live session")
	}
	a := New(Config{Client: testClient(e), Interval: 5 * time.Second, Context: context.Background()})
	pp := panes.NewParticipantsPane(a.ctx, service.Stage{ARN: arn}, service.Session{ID: sid})
	a.stack = append(a.stack, pp)
	cmd := pp.Init(a.ctx)
	if cmd == nil {
		t.Fatal("no first load")
	}
	seq := reflect.ValueOf(cmd())
	if seq.Kind() != reflect.Slice || seq.Len() != 2 {
		t.Fatalf("Init's command is %T, want a sequence of two commands", seq.Interface())
	}
	var kinds []string
	for i := range seq.Len() {
		msg := seq.Index(i).Interface().(tea.Cmd)()
		pm, ok := msg.(kit.PaneMsg)
		if !ok {
			t.Fatalf("command %d gave %T", i, msg)
		}
		switch m := pm.Msg.(type) {
		case kit.Fetched[[]service.Participant]:
			if m.Err != nil || len(m.Val) == 0 {
				t.Fatalf("publishers: %v (%d)", m.Err, len(m.Val))
			}
			for _, p := range m.Val {
				if !p.Published {
					t.Fatalf("%s in the publishers' answer has not published", p.ID)
				}
			}
			kinds = append(kinds, m.Kind)
		case kit.Fetched[panes.PagedFrom]:
			if m.Err != nil || len(m.Val.Items) != panes.ParticipantPage || m.Val.NextToken == "" {
				t.Fatalf("first scan page: %v, %d items, next %q", m.Err, len(m.Val.Items), m.Val.NextToken)
			}
			kinds = append(kinds, m.Kind)
		default:
			t.Fatalf("command %d gave %T", i, pm.Msg)
		}
		a.Update(pm)
	}
	if strings.Join(kinds, ",") != "publishers,scan" {
		t.Fatalf("order %v, want the publishers first", kinds)
	}
	if pp.List.Len() <= panes.ParticipantPage || pp.Connected == 0 || pp.Published == 0 {
		t.Fatalf("after both answers: %d listed, %d connected, %d published", pp.List.Len(), pp.Connected, pp.Published)
	}
}

// The sessions pane and a participant's events stop paging while covered
// too, and go on when shown.
func TestCoveredSessionsAndParticipantStopPaging(t *testing.T) {
	a := newTestApp(120, 40)
	st, sess := stageFixture()[0], sessionFixture()[1]
	sp := panes.NewSessionsPane(a.ctx, st)
	push(a, sp)
	a.Update(kit.PushPaneMsg{Pane: panes.NewParticipantsPane(a.ctx, st, sess)})
	if answer(t, a, sp, "sessions", service.Page[service.Session]{Items: sessionFixture()[:1], NextToken: "s2"}) {
		t.Fatal("covered, the sessions pane asked for its next page")
	}
	a.Update(kit.PopPaneMsg{}) // shown again: a new cycle from the first page
	if !sp.Reqs.InFlight["sessions"] {
		t.Fatal("shown again, the sessions pane does not read its sessions")
	}

	pp := panes.NewParticipantPane(a.ctx, st, sess, crowd(1)[0])
	a.Update(kit.PushPaneMsg{Pane: pp})
	a.Update(kit.PushPaneMsg{Pane: panes.NewTimelinePane(a.ctx, st, sess)})
	evs := []service.Event{ev("JOINED", "p00000000000", "", t0)}
	if answer(t, a, pp, "events", panes.EventPage{Page: service.Page[service.Event]{Items: evs, NextToken: "e2"}}) {
		t.Fatal("covered, the participant pane asked for its next page of events")
	}
	a.Update(kit.PopPaneMsg{})
	if !pp.Reqs.InFlight["events"] || pp.TailToken != "e2" || pp.TailStart != 1 {
		t.Fatalf("shown again: in flight %v, from %q at %d; want the events to go on from e2 at 1", pp.Reqs.InFlight["events"], pp.TailToken, pp.TailStart)
	}
}
