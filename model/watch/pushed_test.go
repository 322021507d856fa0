package watch

import (
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service"
)

func pushedEv(name, pid string, at time.Time) service.Event {
	return service.Event{Name: name, ParticipantID: pid, Time: at, Source: service.SourcePushed}
}

func TestPushedErrorAlertsAndCountsBeforeAnyRead(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	now := t0.Add(time.Second)
	// A session never watched nor listed: the pushed error still counts.
	w.Push([]PushedEvent{{StageARN: stMain.ARN, SessionID: kMain.SessionID, UserID: "alice", Event: pushedEv("PUBLISH_ERROR", "pA", now)}}, t0)
	if n, known := w.StageErrors(stMain.ARN, now); n != 1 || !known {
		t.Fatalf("stage errors = %d (known %v), want 1 known", n, known)
	}
	if n, known := w.ParticipantErrors(kMain, "pA", now); n != 1 || !known {
		t.Fatalf("participant errors = %d (known %v), want 1 known", n, known)
	}
	alert, ok := w.TakeAlert(now)
	if !ok || alert.Event.Name != "PUBLISH_ERROR" || alert.UserID != "alice" || alert.Event.Source != service.SourcePushed {
		t.Fatalf("alert = %+v, %v; want the pushed PUBLISH_ERROR of alice", alert, ok)
	}
	// The API's copy of the same error, 400 ms apart and with its code: one
	// event, the API's fields, no second alert.
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pA"}, now.Add(10*time.Second), "",
		ev("JOINED", "pA", "", t0), ev("PUBLISH_ERROR", "pA", "QUOTA_EXCEEDED", now.Add(400*time.Millisecond)))
	evs := w.Session(kMain).Events()
	if len(evs) != 2 || evs[1].ErrorCode != "QUOTA_EXCEEDED" || evs[1].Source != "" {
		t.Fatalf("events = %+v; want JOINED and the API's PUBLISH_ERROR", evs)
	}
	if _, ok := w.TakeAlert(now.Add(time.Hour)); ok {
		t.Fatal("the API's copy of a pushed error alerted again")
	}
	if n, _ := w.StageErrors(stMain.ARN, now.Add(10*time.Second)); n != 1 {
		t.Fatalf("stage errors = %d after the API's copy, want 1", n)
	}
}

func TestPushedEventsDuplicatedAndReorderedLandOnceInTimeOrder(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	push := func(id string, e service.Event) {
		w.Push([]PushedEvent{{ID: id, StageARN: stMain.ARN, SessionID: kMain.SessionID, Event: e}}, t0)
	}
	push("e3", pushedEv("PUBLISH_STOPPED", "pA", at(30)))
	push("e1", pushedEv("PUBLISH_STARTED", "pA", at(10)))
	push("e3", pushedEv("PUBLISH_STOPPED", "pA", at(30)))
	push("e2", pushedEv("PUBLISH_ERROR", "pA", at(20)))
	evs := w.Session(kMain).Events()
	var names []string
	for _, e := range evs {
		names = append(names, e.Name)
	}
	if want := []string{"PUBLISH_STARTED", "PUBLISH_ERROR", "PUBLISH_STOPPED"}; len(names) != 3 || names[0] != want[0] || names[1] != want[1] || names[2] != want[2] {
		t.Fatalf("timeline = %v, want %v", names, want)
	}
}

func TestPushedStopsReadingPublishersOnly(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	watched(w, t0, Target{Stage: stMain, Session: kMain.SessionID, Opened: true})
	listed(w, kMain, t0, part("pPub", "alice", true), part("pSub", "bob", false))
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pPub"}, t0, "", ev("JOINED", "pPub", "", t0))
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pSub"}, t0, "", ev("JOINED", "pSub", "", t0))
	later := t0.Add(time.Minute)
	s := w.Session(kMain)
	if _, ok := w.due(s, s.parts["pPub"], later); !ok {
		t.Fatal("a publisher is not read with the queue off")
	}
	w.SetPushed(true)
	if _, ok := w.due(s, s.parts["pPub"], later); ok {
		t.Fatal("a publisher is still read with its errors pushed")
	}
	if _, ok := w.due(s, s.parts["pSub"], later); !ok {
		t.Fatal("a subscriber is no longer read with the queue on")
	}
}

// Two publish errors of one second, both pushed, are two; once read, the
// API's two copies stand for them.
func TestPushedLikeEventsOfOneSecondAreTwo(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	now := t0.Add(time.Second)
	w.Push([]PushedEvent{
		{ID: "a", StageARN: stMain.ARN, SessionID: kMain.SessionID, Event: pushedEv("PUBLISH_ERROR", "pA", now)},
		{ID: "b", StageARN: stMain.ARN, SessionID: kMain.SessionID, Event: pushedEv("PUBLISH_ERROR", "pA", now)},
	}, t0)
	if n, _ := w.StageErrors(stMain.ARN, now); n != 2 {
		t.Fatalf("stage errors = %d, want 2", n)
	}
	if a, ok := w.TakeAlert(now); !ok || a.More != 1 {
		t.Fatalf("alert = %+v, %v; want one with 1 more", a, ok)
	}
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pA"}, now, "",
		ev("PUBLISH_ERROR", "pA", "BITRATE_EXCEEDED", now.Add(100*time.Millisecond)),
		ev("PUBLISH_ERROR", "pA", "BITRATE_EXCEEDED", now.Add(200*time.Millisecond)))
	if n, _ := w.StageErrors(stMain.ARN, now); n != 2 {
		t.Fatalf("stage errors after the read = %d, want 2", n)
	}
	if _, ok := w.TakeAlert(now.Add(time.Hour)); ok {
		t.Fatal("the API's copies alerted again")
	}
}

// Of the alerts coalesced, the one shown is the session on screen's: the
// other stages' pushed errors are the "+N more".
func TestAlertOfTheSessionOnScreenFirst(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	watched(w, t0, Target{Stage: stMain, Session: kMain.SessionID, Opened: true})
	now := t0.Add(time.Second)
	w.Push([]PushedEvent{
		{ID: "a", StageARN: stOther.ARN, SessionID: kOther.SessionID, Event: pushedEv("PUBLISH_ERROR", "pOther1", now)},
		{ID: "b", StageARN: stOther.ARN, SessionID: kOther.SessionID, Event: pushedEv("PUBLISH_ERROR", "pOther2", now)},
		{ID: "c", StageARN: stMain.ARN, SessionID: kMain.SessionID, Event: pushedEv("PUBLISH_ERROR", "pMine", now)},
	}, now)
	a, ok := w.TakeAlert(now)
	if !ok || a.Event.ParticipantID != "pMine" || a.More != 2 {
		t.Fatalf("alert = %+v, %v; want pMine's with 2 more", a, ok)
	}
	// With nothing of the session on screen, the first come (two batches:
	// within one, participants are merged in no set order).
	for _, pe := range []PushedEvent{
		{ID: "d", StageARN: stOther.ARN, SessionID: kOther.SessionID, Event: pushedEv("PUBLISH_ERROR", "pOther3", now.Add(time.Minute))},
		{ID: "e", StageARN: stOther.ARN, SessionID: kOther.SessionID, Event: pushedEv("PUBLISH_ERROR", "pOther4", now.Add(time.Minute))},
	} {
		w.Push([]PushedEvent{pe}, now.Add(time.Minute))
	}
	if a, ok := w.TakeAlert(now.Add(time.Minute)); !ok || a.Event.ParticipantID != "pOther3" || a.More != 1 {
		t.Fatalf("alert = %+v, %v; want pOther3's with 1 more", a, ok)
	}
}
