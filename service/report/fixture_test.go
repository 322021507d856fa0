package report

import (
	"time"

	"github.com/ivsdash/ivsdash/service"
)

// Hostile values a participant can choose: escape sequences (colour, OSC 8
// hyperlink, title change), bidi overrides, Markdown and table syntax, HTML,
// and spreadsheet formulas.
const (
	hostileANSI    = "mallory\x1b[31mRED\x1b]8;;https://evil.example\x07link\x1b]8;;\x07\x1b]0;title\x07"
	hostileBidi    = "admin\u202Egnp.exe\u2066x\u2069"
	hostilePipe    = "a|b`c`*d*_e_[l](x)<script>alert(1)</script>&amp;\\|"
	hostileFormula = "=cmd|' /C calc'!A0"
	hostileNewline = "two\nlines\rand\ttab"
)

var (
	t0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

	fixtureStage = service.Stage{
		ARN:  "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEf012345",
		ID:   "AbCdEf012345",
		Name: "town-hall",
		Endpoints: service.StageEndpoints{
			Events: "wss://global.events.live-video.net",
			WHIP:   "https://f99084460c35.global-bm.whip.live-video.net",
		},
		Tags: map[string]string{"team": "video"},
	}
	fixtureSession = service.Session{ID: "st-AAAAAAAAAAAAA", Start: t0, End: t0.Add(time.Hour + 2*time.Minute + 3*time.Second)}
)

// fixtureReport has one participant per hostile user id, the first of which
// published, and error events of two codes and one without a code.
func fixtureReport() Report {
	users := []string{"alice", hostileANSI, hostileBidi, hostilePipe, hostileFormula, hostileNewline}
	r := Report{Stage: fixtureStage, Session: fixtureSession, GeneratedAt: t0.Add(2 * time.Hour)}
	for i, u := range users {
		r.Participants = append(r.Participants, service.Participant{
			ID:         "p" + string(rune('A'+i)) + "0000000000",
			UserID:     u,
			State:      service.StateDisconnected,
			Published:  i == 0,
			FirstJoin:  t0.Add(time.Duration(i) * time.Second),
			Protocol:   "WHIP",
			Attributes: map[string]string{"role": u},
		})
	}
	pid := func(i int) string { return r.Participants[i].ID }
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	r.Events = []service.Event{
		{Name: "JOINED", ParticipantID: pid(0), Time: at(0)},
		{Name: "PUBLISH_STARTED", ParticipantID: pid(0), Time: at(1500)},
		{Name: "JOINED", ParticipantID: pid(1), Time: at(2000)},
		{Name: "SUBSCRIBE_ERROR", ParticipantID: pid(1), RemoteParticipantID: pid(2), ErrorCode: "PUBLISHER_NOT_FOUND", Time: at(2100)},
		{Name: "JOINED", ParticipantID: pid(2), Time: at(3000)},
		{Name: "PUBLISH_ERROR", ParticipantID: pid(2), ErrorCode: "INSUFFICIENT_CAPABILITIES", Time: at(3001)},
		{Name: "JOINED", ParticipantID: pid(3), Time: at(4000)},
		{Name: "PUBLISH_ERROR", ParticipantID: pid(3), ErrorCode: "INSUFFICIENT_CAPABILITIES", Time: at(4002)},
		{Name: "JOINED", ParticipantID: pid(4), Time: at(5000)},
		{Name: "SUBSCRIBE_STARTED", ParticipantID: pid(4), RemoteParticipantID: pid(0), Time: at(5100)},
		{Name: "JOINED", ParticipantID: pid(5), Time: at(6000)},
		{Name: "JOIN_ERROR", ParticipantID: pid(5), Time: at(6001)},
		{Name: "LEFT", ParticipantID: pid(0), Time: at(7000)},
	}
	return r
}
