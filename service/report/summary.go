package report

import (
	"cmp"
	"slices"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
)

// unspecifiedCode stands for an *_ERROR event that carries no error code.
const unspecifiedCode = "UNSPECIFIED"

// codeCount is how often one error code occurred, with what it means.
type codeCount struct {
	Code, Meaning, Fix string
	Count              int
}

// errorsByCode counts r's error events per code, most frequent first (ties
// by code), so the report leads with the likeliest cause.
func errorsByCode(events []service.Event) []codeCount {
	counts := map[string]int{}
	for _, e := range events {
		if e.IsError() {
			counts[cmp.Or(e.ErrorCode, unspecifiedCode)]++
		}
	}
	out := make([]codeCount, 0, len(counts))
	for code, n := range counts {
		cc := codeCount{Code: code, Count: n}
		if code == unspecifiedCode {
			cc.Meaning = "the error event carried no error code"
		} else {
			cc.Meaning, cc.Fix = ivs.ExplainErrorCode(code)
		}
		out = append(out, cc)
	}
	slices.SortFunc(out, func(a, b codeCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Code, b.Code))
	})
	return out
}

// counts summarises the participants and events of a report.
type counts struct {
	Participants, Publishers, Connected, Events, ErrorEvents int
}

func countReport(r Report) counts {
	c := counts{Participants: len(r.Participants), Events: len(r.Events)}
	for _, p := range r.Participants {
		if p.Published {
			c.Publishers++
		}
		if p.Connected() {
			c.Connected++
		}
	}
	for _, e := range r.Events {
		if e.IsError() {
			c.ErrorEvents++
		}
	}
	return c
}

// userIDs maps participant ids to user ids, for rows that show events.
func userIDs(r Report) map[string]string {
	m := make(map[string]string, len(r.Participants))
	for _, p := range r.Participants {
		m[p.ID] = p.UserID
	}
	return m
}
