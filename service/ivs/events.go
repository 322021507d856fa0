package ivs

import (
	"slices"
	"strconv"
	"strings"
)

// What a participant may publish over WebRTC.
// https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/service-quotas.html
const (
	MaxPublishBitrate = 8_500_000 // bps
	MaxPublishHeight  = 720       // 720p
)

// fixedQuota says a figure is a quota of Service Quotas that AWS does not
// raise, by the name the console lists it under.
// https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/service-quotas.html
func fixedQuota(name string) string {
	return "Service Quotas: " + quoted(name) + ", not adjustable"
}

func quoted(name string) string { return `"` + name + `"` }

// groupDigits is 10000 as "10,000".
func groupDigits(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func mbps(bps int) string { return strconv.FormatFloat(float64(bps)/1e6, 'f', -1, 64) + " Mbps" }

// Participant event names (Event.name) of the pinned SDK.
// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/API_Event.html
const (
	EventJoined             = "JOINED"
	EventLeft               = "LEFT"
	EventJoinError          = "JOIN_ERROR"
	EventPublishStarted     = "PUBLISH_STARTED"
	EventPublishStopped     = "PUBLISH_STOPPED"
	EventPublishError       = "PUBLISH_ERROR"
	EventSubscribeStarted   = "SUBSCRIBE_STARTED"
	EventSubscribeStopped   = "SUBSCRIBE_STOPPED"
	EventSubscribeError     = "SUBSCRIBE_ERROR"
	EventReplicationStarted = "REPLICATION_STARTED"
	EventReplicationStopped = "REPLICATION_STOPPED"
	EventTokenExchanged     = "TOKEN_EXCHANGED" // newer than the pinned SDK; listed so it is named if seen
)

// EventNames lists every event name.
var EventNames = []string{
	EventJoined, EventLeft, EventJoinError,
	EventPublishStarted, EventPublishStopped, EventPublishError,
	EventSubscribeStarted, EventSubscribeStopped, EventSubscribeError,
	EventReplicationStarted, EventReplicationStopped, EventTokenExchanged,
}

// ErrorEventNames are the events that carry an errorCode.
var ErrorEventNames = []string{EventJoinError, EventPublishError, EventSubscribeError}

// IsErrorEvent reports whether name is one of ErrorEventNames.
func IsErrorEvent(name string) bool { return slices.Contains(ErrorEventNames, name) }

// ErrorCode is what an on-call engineer should read from one errorCode of a
// participant event.
type ErrorCode struct {
	Code, Meaning, Fix string
}

// errorCodes are every EventErrorCode of the pinned SDK.
// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/API_Event.html
// https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/troubleshooting.html
var errorCodes = []ErrorCode{
	{"INSUFFICIENT_CAPABILITIES",
		"the participant's token does not allow this (e.g. publishing with a SUBSCRIBE-only token)",
		"mint the token with the capability needed (PUBLISH and/or SUBSCRIBE)"},
	{"QUOTA_EXCEEDED",
		"the stage is full: " + strconv.Itoa(MaxPublishersPerStage) + " publishers (" + fixedQuota(QuotaNameStagePublishers) + ") or its subscribers' quota (default " + groupDigits(MaxSubscribersPerStage) + ")",
		"move viewers to another stage or a composition, or raise " + quoted(QuotaNameStageSubscribers) + " in Service Quotas (Amazon Interactive Video Service)"},
	{"PUBLISHER_NOT_FOUND",
		"subscribed to a participant that is not (or no longer) publishing",
		"a client bug or a race: subscribe only after PUBLISH_STARTED"},
	{"BITRATE_EXCEEDED",
		"the participant published above " + mbps(MaxPublishBitrate) + " (" + fixedQuota(QuotaNamePublishBitrate) + ")",
		"lower the encoder's bitrate"},
	{"RESOLUTION_EXCEEDED",
		"the participant published above " + strconv.Itoa(MaxPublishHeight) + "p (" + fixedQuota(QuotaNamePublishResolution) + ")",
		"lower the encoder's resolution to " + strconv.Itoa(MaxPublishHeight) + "p or less"},
	{"STREAM_DURATION_EXCEEDED",
		"published or subscribed for longer than " + strconv.Itoa(MaxPublishDurationHours) + " hours (" + fixedQuota(QuotaNameStreamDuration) + ")",
		"reconnect with a fresh token"},
	{"INVALID_AUDIO_CODEC",
		"RTMP(S) ingest with an audio codec IVS does not take",
		"send AAC audio"},
	{"INVALID_VIDEO_CODEC",
		"RTMP(S) ingest with a video codec IVS does not take",
		"send H.264 video"},
	{"INVALID_PROTOCOL",
		"RTMP was sent to an ingest configuration set up for RTMPS (or the reverse)",
		"use the protocol of the ingest configuration"},
	{"INVALID_STREAM_KEY",
		"the encoder used a wrong stream key",
		"copy the stream key from the ingest configuration"},
	{"REUSE_OF_STREAM_KEY",
		"the stream key is already in use in another active stage session",
		"stop the other publisher, or use another ingest configuration"},
	{"B_FRAME_PRESENT",
		"the stream contains B-frames, which IVS does not take",
		"turn B-frames off in the encoder (e.g. a baseline or zerolatency profile)"},
	{"INVALID_INPUT",
		"IVS could not read the incoming stream",
		"check the encoder's settings: codec, profile, keyframe interval"},
	{"INTERNAL_SERVER_EXCEPTION",
		"IVS had an internal error handling this participant",
		"retry; if it persists, contact AWS Support with the stage ARN and session id"},
}

var errorCodesByName = index(errorCodes, func(e ErrorCode) string { return e.Code })

// ErrorCodes lists the participant event error codes, sorted.
func ErrorCodes() []string { return sortedKeys(errorCodesByName) }

// ExplainErrorCode tells what a participant event's error code means and
// the usual fix. Unknown codes get a generic text; "" gets none.
func ExplainErrorCode(code string) (meaning, fix string) {
	if code == "" {
		return "", ""
	}
	if e, ok := errorCodesByName[strings.ToUpper(strings.TrimSpace(code))]; ok {
		return e.Meaning, e.Fix
	}
	return "an error code this version of ivsdash does not know (" + code + ")",
		"look the code up in the Amazon IVS Real-Time documentation (participant events)"
}
