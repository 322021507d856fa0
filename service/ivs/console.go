package ivs

import (
	"net/url"
	"strings"
)

// The IVS console's pages of Real-Time resources. AWS documents how to reach
// them (console, Stages, a stage, its Stage sessions, a participant):
// https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/stage-health.html
// The console is a single page app at
// https://<region>.console.aws.amazon.com/ivs/home?region=<region>; a stage's
// page is #/real-time/stages/<stage id>, and its sessions, their
// participants and the compositions follow the same scheme. AWS does not
// publish these fragments as an interface: keep them here, in one place.
const (
	consoleHost = "console.aws.amazon.com"
	consolePath = "/ivs/home"
)

// ConsoleTarget is what a console page shows: a stage, one of its sessions,
// a participant of that session, or a composition. The most specific field
// set wins: a participant needs its stage and session, a session its stage.
type ConsoleTarget struct {
	StageARN       string
	SessionID      string
	ParticipantID  string
	CompositionARN string
}

// ConsoleURL is the console page of t in region: the Stages list when t
// names nothing. Ids are path-escaped (they match ResourceIDPattern; a
// participant id is AWS's, but nothing is trusted).
func ConsoleURL(region string, t ConsoleTarget) string {
	host := consoleHost
	if region != "" {
		host = region + "." + consoleHost
	}
	base := "https://" + host + consolePath + "?region=" + url.QueryEscape(region) + "#/real-time/"
	id := func(arn string) string {
		if i := strings.LastIndexByte(arn, '/'); i >= 0 {
			arn = arn[i+1:]
		}
		return url.PathEscape(arn)
	}
	switch {
	case t.CompositionARN != "":
		return base + "compositions/" + id(t.CompositionARN)
	case t.StageARN == "":
		return base + "stages"
	}
	u := base + "stages/" + id(t.StageARN)
	if t.SessionID == "" {
		return u
	}
	u += "/sessions/" + url.PathEscape(t.SessionID)
	if t.ParticipantID == "" {
		return u
	}
	return u + "/participants/" + url.PathEscape(t.ParticipantID)
}
