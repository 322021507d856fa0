package report

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service"
)

func withDetails(f *fakeSource) detailFake {
	f.details = map[string]service.Participant{}
	for _, p := range f.parts {
		d := p
		d.BrowserName = "Chrome"
		f.details[p.ID] = d
	}
	return detailFake{f}
}

// Details chooses whose GetParticipant is called; the report says so.
func TestCollectDetailsChoosesWhom(t *testing.T) {
	fixture := fixtureReport().Participants
	pid := func(i ...int) []string {
		var ids []string
		for _, n := range i {
			ids = append(ids, fixture[n].ID)
		}
		return ids
	}
	// The fixture: 0 published; 1, 2, 3 and 5 have error events; 4 neither.
	cases := []struct {
		details Details
		want    []string
		note    string
	}{
		{0, pid(0, 1, 2, 3, 5), "for publishers and participants with errors only"},
		{DetailsAll, pid(0, 1, 2, 3, 4, 5), ""},
		{DetailsPublishers, pid(0), "for publishers only"},
		{DetailsErrors, pid(1, 2, 3, 5), "for participants with errors only"},
	}
	for _, c := range cases {
		t.Run(c.details.String(), func(t *testing.T) {
			f := newFake()
			src := withDetails(f)
			r, err := CollectWith(context.Background(), src, fixtureStage.ARN, fixtureSession.ID, Options{Details: c.details})
			if err != nil {
				t.Fatal(err)
			}
			got := slices.Sorted(slices.Values(f.detailIDs))
			if !slices.Equal(got, c.want) {
				t.Errorf("details fetched for %v, want %v", got, c.want)
			}
			if c.note == "" && strings.Contains(r.Note, "client details") || !strings.Contains(r.Note, c.note) {
				t.Errorf("note %q, want it to say %q", r.Note, c.note)
			}
			for _, p := range r.Participants {
				if fetched := slices.Contains(c.want, p.ID); fetched != (p.BrowserName == "Chrome") {
					t.Errorf("participant %s: details fetched %v, merged %q", p.ID, fetched, p.BrowserName)
				}
			}
			if f.eventCalls != len(fixture) {
				t.Errorf("%d events reads, want one per participant", f.eventCalls)
			}
		})
	}
}

func TestParseDetails(t *testing.T) {
	for in, want := range map[string]Details{"all": DetailsAll, "errors": DetailsErrors, "publishers": DetailsPublishers, "Publishers, errors": DefaultDetails} {
		if got, err := ParseDetails(in); err != nil || got != want {
			t.Errorf("ParseDetails(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "everyone", "all,"} {
		if _, err := ParseDetails(bad); err == nil {
			t.Errorf("ParseDetails(%q) accepted", bad)
		}
	}
	if DefaultDetails.String() != "publishers,errors" {
		t.Errorf("default is %q", DefaultDetails.String())
	}
}

// The two kinds of calls are pipelined: a publisher's details are asked for
// while events reads are still in flight, not after them.
func TestCollectPipelinesDetailsWithEvents(t *testing.T) {
	f := newFake()
	src := withDetails(f)
	publisher := fixtureReport().Participants[0].ID
	detailAsked := make(chan struct{})
	f.onDetail = func(_ context.Context, id string) error {
		if id == publisher {
			close(detailAsked)
		}
		return nil
	}
	f.onEvents = func(ctx context.Context, id string) error {
		if id != publisher {
			return nil
		}
		select { // the publisher's own events wait for its details
		case <-detailAsked:
			return nil
		case <-time.After(5 * time.Second):
			t.Error("the publisher's details were not asked for while its events were being read")
			return nil
		}
	}
	if _, err := CollectWith(context.Background(), src, fixtureStage.ARN, fixtureSession.ID, Options{}); err != nil {
		t.Fatal(err)
	}
}

// pagedFake serves events a page of one at a time, as EventPager, and lends
// the events of one participant, as Lender.
type pagedFake struct {
	detailFake
	lent string
}

func (f pagedFake) ListParticipantEvents(ctx context.Context, stageARN, sessionID, participantID string, r service.PageRequest) (service.Page[service.Event], error) {
	evs := f.events[participantID]
	i := 0
	if r.Token != "" {
		i = int(r.Token[0] - '0')
	}
	if i >= len(evs) {
		return service.Page[service.Event]{}, nil
	}
	page := service.Page[service.Event]{Items: evs[i : i+1]}
	if i+1 < len(evs) {
		page.NextToken = string(rune('0' + i + 1))
	}
	return page, nil
}

func (f pagedFake) Holds(id string) bool { return id == f.lent }

// Progress counts every call: each events page, each details call, none
// for events the source lends.
func TestCollectProgressCountsCalls(t *testing.T) {
	f := newFake()
	fixture := fixtureReport()
	lent := fixture.Participants[4].ID
	src := pagedFake{withDetails(f), lent}
	var seen []Progress
	r, err := CollectWith(context.Background(), src, fixtureStage.ARN, fixtureSession.ID, Options{Details: DetailsAll, Rate: 5, Progress: func(p Progress) { seen = append(seen, p) }})
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	for id, evs := range f.events {
		if id != lent {
			pages += max(1, len(evs))
		}
	}
	last := seen[len(seen)-1]
	if want := (Progress{Listed: 6, Done: 6, Calls: pages + 6}); last != want {
		t.Errorf("last progress %+v, want %+v", last, want)
	}
	if first := seen[0]; first.Done != 0 || first.Calls != 0 || first.Listed != 6 || first.Left != time.Duration(float64(6)/5*float64(time.Second)) {
		t.Errorf("first progress %+v: want nothing done and 6 calls' time left at 5/s", first)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i].Done < seen[i-1].Done || seen[i].Calls < seen[i-1].Calls {
			t.Errorf("progress went back: %+v after %+v", seen[i], seen[i-1])
		}
	}
	if len(r.Events) != len(fixture.Events) {
		t.Errorf("%d events, want %d (paged and lent)", len(r.Events), len(fixture.Events))
	}
	if got := last.String(); got != "6 of 6 participants · "+strconv.Itoa(pages+6)+" calls" {
		t.Errorf("String() = %q", got)
	}
}
