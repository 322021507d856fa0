package service

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
)

// ListParticipantEvents lists one page of a participant's events, in time order.
func (c *Client) ListParticipantEvents(ctx context.Context, stageARN, sessionID, participantID string, r PageRequest) (Page[Event], error) {
	const op = "ListParticipantEvents"
	if err := required(op, "stage ARN", stageARN, "session id", sessionID, "participant id", participantID); err != nil {
		return Page[Event]{}, err
	}
	token, max, err := r.params(op)
	if err != nil {
		return Page[Event]{}, err
	}
	out, err := invoke(ctx, c, op, c.api.ListParticipantEvents, &ivsrealtime.ListParticipantEventsInput{
		StageArn: aws.String(stageARN), SessionId: aws.String(sessionID), ParticipantId: aws.String(participantID),
		NextToken: token, MaxResults: max,
	})
	if err != nil {
		return Page[Event]{}, err
	}
	return Page[Event]{Items: mapItems(out.Events, eventFromSDK), NextToken: str(out.NextToken)}, nil
}

// AllParticipantEvents lists every event of a participant in a session.
func (c *Client) AllParticipantEvents(ctx context.Context, stageARN, sessionID, participantID string) ([]Event, error) {
	const op = "ListParticipantEvents"
	if err := required(op, "stage ARN", stageARN, "session id", sessionID, "participant id", participantID); err != nil {
		return nil, err
	}
	p := ivsrealtime.NewListParticipantEventsPaginator(c.api, &ivsrealtime.ListParticipantEventsInput{
		StageArn: aws.String(stageARN), SessionId: aws.String(sessionID), ParticipantId: aws.String(participantID),
	}, func(o *ivsrealtime.ListParticipantEventsPaginatorOptions) {
		o.Limit, o.StopOnDuplicateToken = allLimit, true
	})
	return collect(ctx, c, op, p, func(o *ivsrealtime.ListParticipantEventsOutput) []Event {
		return mapItems(o.Events, eventFromSDK)
	})
}

// eventErrors is what an on-call engineer should read from each error code
// of participant events: the codes of ivs-facts.md and every EventErrorCode
// of the SDK.
var eventErrors = map[string][2]string{
	"INSUFFICIENT_CAPABILITIES": {
		"the participant's token does not allow this (e.g. publishing with a SUBSCRIBE-only token)",
		"mint the token with the capability needed (PUBLISH and/or SUBSCRIBE)"},
	"QUOTA_EXCEEDED": {
		"the stage is full: 12 publishers already, or the subscriber quota is reached",
		"move viewers to another stage or a composition, or raise the subscriber quota"},
	"PUBLISHER_NOT_FOUND": {
		"subscribed to a participant that is not (or no longer) publishing",
		"a client bug or a race: subscribe only after PUBLISH_STARTED"},
	"BITRATE_EXCEEDED": {
		"the participant published above the maximum bitrate (8.5 Mbps)",
		"lower the encoder's bitrate"},
	"RESOLUTION_EXCEEDED": {
		"the participant published above the maximum resolution (720p)",
		"lower the encoder's resolution to 720p or less"},
	"STREAM_DURATION_EXCEEDED": {
		"published or subscribed for longer than 24 hours",
		"reconnect with a fresh token"},
	"INVALID_AUDIO_CODEC": {
		"RTMP(S) ingest with an audio codec IVS does not take",
		"send AAC audio"},
	"INVALID_VIDEO_CODEC": {
		"RTMP(S) ingest with a video codec IVS does not take",
		"send H.264 video"},
	"INVALID_PROTOCOL": {
		"RTMP was sent to an ingest configuration set up for RTMPS (or the reverse)",
		"use the protocol of the ingest configuration"},
	"INVALID_STREAM_KEY": {
		"the encoder used a wrong stream key",
		"copy the stream key from the ingest configuration"},
	"REUSE_OF_STREAM_KEY": {
		"the stream key is already in use in another active stage session",
		"stop the other publisher, or use another ingest configuration"},
	"B_FRAME_PRESENT": {
		"the stream contains B-frames, which IVS does not take",
		"turn B-frames off in the encoder (e.g. a baseline or zerolatency profile)"},
	"INVALID_INPUT": {
		"IVS could not read the incoming stream",
		"check the encoder's settings: codec, profile, keyframe interval"},
	"INTERNAL_SERVER_EXCEPTION": {
		"IVS had an internal error handling this participant",
		"retry; if it persists, contact AWS Support with the stage ARN and session id"},
}

// ExplainError tells what a participant event's error code means and the
// usual fix, for the event timeline. Unknown codes get a generic text.
func ExplainError(code string) (meaning, fix string) {
	if code == "" {
		return "", ""
	}
	if e, ok := eventErrors[strings.ToUpper(strings.TrimSpace(code))]; ok {
		return e[0], e[1]
	}
	return "an error code this version of ivsdash does not know (" + code + ")",
		"look the code up in the Amazon IVS Real-Time documentation (participant events)"
}

// EventErrorCodes lists the codes ExplainError knows, sorted.
func EventErrorCodes() []string {
	codes := make([]string, 0, len(eventErrors))
	for c := range eventErrors {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return codes
}
