package report

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service"
)

// fakeSource serves a fixed session from memory, with chosen failures. It
// stands in for the client to drive Collect's merging and failure paths;
// the emulator test covers the real client.
type fakeSource struct {
	stage       service.Stage
	session     service.Session
	parts       []service.Participant
	events      map[string][]service.Event
	details     map[string]service.Participant
	failStage   error
	failSession error
	failList    error
	failEvents  map[string]error
	failDetail  map[string]error
	// onEvents runs before each AllParticipantEvents call.
	onEvents func(ctx context.Context, participantID string) error

	// onDetail runs before each GetParticipant call.
	onDetail func(ctx context.Context, participantID string) error

	mu         sync.Mutex
	eventCalls int
	detailIDs  []string // whose details were asked for
}

func (f *fakeSource) GetStage(ctx context.Context, arn string) (service.Stage, error) {
	if f.failStage != nil {
		return service.Stage{}, f.failStage
	}
	return f.stage, nil
}

func (f *fakeSource) GetStageSession(ctx context.Context, stageARN, sessionID string) (service.Session, error) {
	if f.failSession != nil {
		return service.Session{}, f.failSession
	}
	return f.session, nil
}

func (f *fakeSource) AllParticipants(ctx context.Context, stageARN, sessionID string, filter service.ParticipantFilter) ([]service.Participant, error) {
	if f.failList != nil {
		return nil, f.failList
	}
	return slices.Clone(f.parts), nil
}

func (f *fakeSource) AllParticipantEvents(ctx context.Context, stageARN, sessionID, participantID string) ([]service.Event, error) {
	f.mu.Lock()
	f.eventCalls++
	f.mu.Unlock()
	if f.onEvents != nil {
		if err := f.onEvents(ctx, participantID); err != nil {
			return nil, err
		}
	}
	if err := f.failEvents[participantID]; err != nil {
		return nil, err
	}
	return slices.Clone(f.events[participantID]), nil
}

// detailFake adds GetParticipant, making the source a DetailSource.
type detailFake struct{ *fakeSource }

func (f detailFake) GetParticipant(ctx context.Context, stageARN, sessionID, participantID string) (service.Participant, error) {
	f.mu.Lock()
	f.detailIDs = append(f.detailIDs, participantID)
	f.mu.Unlock()
	if f.onDetail != nil {
		if err := f.onDetail(ctx, participantID); err != nil {
			return service.Participant{}, err
		}
	}
	if err := f.failDetail[participantID]; err != nil {
		return service.Participant{}, err
	}
	d, ok := f.details[participantID]
	if !ok {
		return service.Participant{}, fmt.Errorf("participant %s not found", participantID)
	}
	return d, nil
}

// newFake builds a source from the fixture report, handing each
// participant's events out separately and in reverse participant order, so
// Collect has to merge them.
func newFake() *fakeSource {
	r := fixtureReport()
	f := &fakeSource{stage: r.Stage, session: r.Session, events: map[string][]service.Event{}}
	for i := len(r.Participants) - 1; i >= 0; i-- {
		f.parts = append(f.parts, r.Participants[i])
	}
	for _, e := range r.Events {
		f.events[e.ParticipantID] = append(f.events[e.ParticipantID], e)
	}
	return f
}

func TestCollectMergesInTimeOrder(t *testing.T) {
	f := newFake()
	// A response that leaves participantId out still lands on its owner.
	pid := f.parts[0].ID
	f.events[pid] = append(f.events[pid], service.Event{Name: "LEFT", Time: t0.Add(10 * time.Second)})

	var calls [][2]int
	r, err := Collect(context.Background(), f, fixtureStage.ARN, fixtureSession.ID, func(done, total int) {
		calls = append(calls, [2]int{done, total}) // no lock: progress must come from one goroutine
	})
	if err != nil {
		t.Fatal(err)
	}
	want := fixtureReport()
	if r.Partial || r.Note != "" {
		t.Errorf("partial %v note %q", r.Partial, r.Note)
	}
	if r.Stage.ARN != fixtureStage.ARN || r.Session.ID != fixtureSession.ID {
		t.Errorf("stage %s session %s", r.Stage.ARN, r.Session.ID)
	}
	if len(r.Events) != len(want.Events)+1 {
		t.Fatalf("%d events, want %d", len(r.Events), len(want.Events)+1)
	}
	for i, e := range want.Events {
		if r.Events[i] != e {
			t.Errorf("event %d = %+v, want %+v", i, r.Events[i], e)
		}
	}
	if last := r.Events[len(r.Events)-1]; last.ParticipantID != pid || last.Name != "LEFT" {
		t.Errorf("event without participant id became %+v", last)
	}
	if !slices.IsSortedFunc(r.Events, func(a, b service.Event) int { return a.Time.Compare(b.Time) }) {
		t.Error("events are not in time order")
	}
	// Participants come back in order of first join.
	for i, p := range want.Participants {
		if r.Participants[i].ID != p.ID {
			t.Errorf("participant %d = %s, want %s", i, r.Participants[i].ID, p.ID)
		}
	}
	n := len(f.parts)
	if len(calls) != n+1 || calls[0] != [2]int{0, n} || calls[n] != [2]int{n, n} {
		t.Fatalf("progress calls = %v", calls)
	}
	for i, c := range calls {
		if c[0] != i || c[1] != n {
			t.Fatalf("progress call %d = %v", i, c)
		}
	}
	if time.Since(r.GeneratedAt) > time.Minute || r.GeneratedAt.Location() != time.UTC {
		t.Errorf("GeneratedAt = %v", r.GeneratedAt)
	}
}

func TestCollectSameInstantKeepsListOrder(t *testing.T) {
	f := &fakeSource{
		stage:   fixtureStage,
		session: fixtureSession,
		parts:   []service.Participant{{ID: "a", FirstJoin: t0}, {ID: "b", FirstJoin: t0}},
		events: map[string][]service.Event{
			"a": {{Name: "JOINED", ParticipantID: "a", Time: t0}, {Name: "PUBLISH_STARTED", ParticipantID: "a", Time: t0}},
			"b": {{Name: "JOINED", ParticipantID: "b", Time: t0}},
		},
	}
	r, err := Collect(context.Background(), f, fixtureStage.ARN, fixtureSession.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range r.Events {
		got = append(got, e.ParticipantID+":"+e.Name)
	}
	if strings.Join(got, " ") != "a:JOINED a:PUBLISH_STARTED b:JOINED" {
		t.Errorf("order = %v", got)
	}
}

func TestCollectPartialWhenEventsFail(t *testing.T) {
	f := newFake()
	bad := f.parts[2].ID
	f.failEvents = map[string]error{bad: errors.New("throttled: rate exceeded")}
	r, err := Collect(context.Background(), f, fixtureStage.ARN, fixtureSession.ID, nil)
	if err != nil {
		t.Fatalf("a failed participant should not fail the report: %v", err)
	}
	if !r.Partial {
		t.Fatal("report not marked partial")
	}
	if !strings.Contains(r.Note, "events of 1 of 6 participants could not be fetched") || !strings.Contains(r.Note, "throttled: rate exceeded") {
		t.Errorf("note = %q", r.Note)
	}
	if len(r.Participants) != 6 {
		t.Errorf("%d participants kept, want 6", len(r.Participants))
	}
	for _, e := range r.Events {
		if e.ParticipantID == bad {
			t.Errorf("event of the failed participant: %+v", e)
		}
	}
	if want := len(fixtureReport().Events) - len(f.events[bad]); len(r.Events) != want {
		t.Errorf("%d events, want %d", len(r.Events), want)
	}
}

func TestCollectFetchesDetails(t *testing.T) {
	f := newFake()
	f.details = map[string]service.Participant{}
	for _, p := range f.parts {
		d := p
		d.BrowserName, d.OSName, d.SDKVersion = "Chrome", "macOS", "1.20.0"
		d.FirstJoin = time.Time{} // a detail missing a summary field keeps the summary's
		f.details[p.ID] = d
	}
	failed := f.parts[1].ID
	f.failDetail = map[string]error{failed: errors.New("access denied")}

	r, err := Collect(context.Background(), detailFake{f}, fixtureStage.ARN, fixtureSession.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Participants {
		if p.ID == failed {
			if p.BrowserName != "" {
				t.Errorf("failed detail still filled: %+v", p)
			}
			continue
		}
		if p.BrowserName != "Chrome" || p.SDKVersion != "1.20.0" || p.FirstJoin.IsZero() {
			t.Errorf("participant %s lacks its details: %+v", p.ID, p)
		}
	}
	if !r.Partial || !strings.Contains(r.Note, "details of 1 of 6 participants could not be fetched") {
		t.Errorf("partial %v note %q", r.Partial, r.Note)
	}
}

func TestCollectFatalErrors(t *testing.T) {
	boom := errors.New("resource not found")
	cases := []struct {
		name string
		mod  func(*fakeSource)
		want string
	}{
		{"stage", func(f *fakeSource) { f.failStage = boom }, "export: reading stage: resource not found"},
		{"session", func(f *fakeSource) { f.failSession = boom }, "export: reading session st-AAAAAAAAAAAAA: resource not found"},
		{"participants", func(f *fakeSource) { f.failList = boom }, "export: listing participants of session st-AAAAAAAAAAAAA: resource not found"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFake()
			c.mod(f)
			r, err := Collect(context.Background(), f, fixtureStage.ARN, fixtureSession.ID, nil)
			if err == nil || err.Error() != c.want || !errors.Is(err, boom) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
			if r.Stage.ARN != "" || len(r.Events) != 0 {
				t.Errorf("a report came back with the error: %+v", r)
			}
		})
	}
	if _, err := Collect(context.Background(), nil, fixtureStage.ARN, fixtureSession.ID, nil); err == nil {
		t.Error("nil source accepted")
	}
	if _, err := Collect(context.Background(), newFake(), "", fixtureSession.ID, nil); err == nil {
		t.Error("empty stage ARN accepted")
	}
	if _, err := Collect(context.Background(), newFake(), fixtureStage.ARN, "", nil); err == nil {
		t.Error("empty session id accepted")
	}
}

func TestCollectCancelledReturnsPartial(t *testing.T) {
	f := newFake()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	n := 0
	f.onEvents = func(ctx context.Context, id string) error {
		mu.Lock()
		n++
		first := n == 1
		mu.Unlock()
		if first {
			cancel()
		}
		// Every call, even one begun before the cancel, sees it.
		<-ctx.Done()
		return ctx.Err()
	}
	r, err := Collect(ctx, f, fixtureStage.ARN, fixtureSession.ID, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if !r.Partial || !strings.Contains(r.Note, "interrupted") {
		t.Errorf("partial %v note %q", r.Partial, r.Note)
	}
	if len(r.Participants) != 6 || r.Stage.ARN != fixtureStage.ARN {
		t.Errorf("what was gathered is not returned: %d participants", len(r.Participants))
	}
	if len(r.Events) != 0 {
		t.Errorf("%d events after cancelling on the first call", len(r.Events))
	}
}

func TestCollectLiveSessionNote(t *testing.T) {
	f := newFake()
	f.session.End = time.Time{}
	r, err := Collect(context.Background(), f, fixtureStage.ARN, fixtureSession.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Partial || !strings.Contains(r.Note, "still live") {
		t.Errorf("partial %v note %q", r.Partial, r.Note)
	}
}

func TestCollectNoParticipants(t *testing.T) {
	f := newFake()
	f.parts = nil
	var calls [][2]int
	r, err := Collect(context.Background(), f, fixtureStage.ARN, fixtureSession.ID, func(d, t int) { calls = append(calls, [2]int{d, t}) })
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Participants) != 0 || len(r.Events) != 0 || f.eventCalls != 0 {
		t.Errorf("report %+v, %d event calls", r, f.eventCalls)
	}
	if len(calls) != 1 || calls[0] != [2]int{0, 0} {
		t.Errorf("progress = %v", calls)
	}
}
