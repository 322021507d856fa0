package report

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
)

// Details says whose client details (browser, OS, ISP, SDK, attributes:
// one GetParticipant call each) an export fetches. Events are fetched for
// everyone either way.
type Details uint8

const (
	// DetailsPublishers: the participants who published.
	DetailsPublishers Details = 1 << iota
	// DetailsErrors: the participants with an error event.
	DetailsErrors
	// DetailsAll: everyone (a call per participant more: twice the calls).
	DetailsAll

	// DefaultDetails makes a report useful fastest: the calls go to the
	// participants an incident is about.
	DefaultDetails = DetailsPublishers | DetailsErrors
)

var detailNames = []struct {
	name string
	d    Details
}{{"all", DetailsAll}, {"errors", DetailsErrors}, {"publishers", DetailsPublishers}}

// ParseDetails reads --details: all, errors, publishers, or a comma list
// ("publishers,errors", the default).
func ParseDetails(s string) (Details, error) {
	var d Details
	for part := range strings.SplitSeq(s, ",") {
		part = strings.ToLower(strings.TrimSpace(part))
		i := slices.IndexFunc(detailNames, func(n struct {
			name string
			d    Details
		}) bool {
			return n.name == part
		})
		if i < 0 {
			return 0, fmt.Errorf("%q: choose all, errors, publishers or publishers,errors", part)
		}
		d |= detailNames[i].d
	}
	return d, nil
}

func (d Details) String() string {
	if d&DetailsAll != 0 {
		return "all"
	}
	var names []string
	for _, n := range slices.Backward(detailNames) {
		if d&n.d != 0 {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, ",")
}

// upFront reports whether p's details are wanted before its events are read.
func (d Details) upFront(p service.Participant) bool {
	return d&DetailsAll != 0 || d&DetailsPublishers != 0 && p.Published
}

// afterEvents reports whether p's details are wanted once its events are known.
func (d Details) afterEvents(events []service.Event) bool {
	return d&DetailsErrors != 0 && slices.ContainsFunc(events, func(e service.Event) bool { return ivs.IsErrorEvent(e.Name) })
}

// note says in the report whose details it holds, when not everyone's.
func (d Details) note() string {
	switch {
	case d&DetailsAll != 0:
		return ""
	case d == DefaultDetails:
		return "client details (browser, OS, SDK) were fetched for publishers and participants with errors only (--details all for everyone)"
	case d == DetailsPublishers:
		return "client details (browser, OS, SDK) were fetched for publishers only (--details all for everyone)"
	default:
		return "client details (browser, OS, SDK) were fetched for participants with errors only (--details all for everyone)"
	}
}

// Options tune CollectWith.
type Options struct {
	Details Details // zero: DefaultDetails
	// Progress is called as calls complete, from one goroutine at a time.
	Progress func(Progress)
	// Rate is the calls a second each operation may make (the budget's),
	// for the estimate of the time left; 0 leaves it to the pace measured.
	Rate float64
}

func (o Options) details() Details {
	if o.Details == 0 {
		return DefaultDetails
	}
	return o.Details
}

// Progress is how far an export has got.
type Progress struct {
	Listed int // participants listed
	Done   int // participants whose events (and wanted details) are fetched
	Calls  int // API calls made for events and details so far
	// Left is the time left estimated: the calls still to make of the
	// slower operation at the budget's rate, or at the pace measured when
	// that is slower (the budget is shared). Zero while it is unknown.
	Left time.Duration
}

// Percent is Done of Listed, in [0, 1].
func (p Progress) Percent() float64 {
	if p.Listed == 0 {
		return 1
	}
	return float64(p.Done) / float64(p.Listed)
}

// String is a plain line: "120 of 414 participants · 131 calls · about 1m5s left".
func (p Progress) String() string {
	s := fmt.Sprintf("%d of %d participants · %d call", p.Done, p.Listed, p.Calls)
	if p.Calls != 1 {
		s += "s"
	}
	if p.Left > 0 {
		s += " · about " + p.Left.Round(time.Second).String() + " left"
	}
	return s
}
