package emulator

import (
	"fmt"
	"strconv"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// The participant operations on the wire (rules: participants.go).

type listParticipantsIn struct {
	listIn
	StageArn               *string `json:"stageArn"`
	SessionID              *string `json:"sessionId"`
	FilterByUserID         *string `json:"filterByUserId"`
	FilterByPublished      *bool   `json:"filterByPublished"`
	FilterByState          *string `json:"filterByState"`
	FilterByRecordingState *string `json:"filterByRecordingState"`
}

type listParticipantsOut struct {
	Participants []participantSummaryOut `json:"participants"`
	NextToken    string                  `json:"nextToken,omitempty"`
}

type participantIn struct {
	StageArn      *string `json:"stageArn"`
	SessionID     *string `json:"sessionId"`
	ParticipantID *string `json:"participantId"`
}

type getParticipantOut struct {
	Participant participantOut `json:"participant"`
}

type listParticipantEventsIn struct {
	listIn
	participantIn
}

type listParticipantEventsOut struct {
	Events    []eventOut `json:"events"`
	NextToken string     `json:"nextToken,omitempty"`
}

type disconnectParticipantIn struct {
	StageArn      *string `json:"stageArn"`
	ParticipantID *string `json:"participantId"`
	Reason        *string `json:"reason"`
}

func handleListParticipants(b *backend, in *listParticipantsIn) (any, error) {
	v := b.validator()
	v.reqARN("stageArn", in.StageArn, kindStage)
	v.sessionID("sessionId", in.SessionID)
	v.optStr("filterByUserId", in.FilterByUserID, 0, ivs.MaxUserIDLength, nil)
	v.optEnum("filterByState", in.FilterByState, ivs.ParticipantStates...)
	v.optEnum("filterByRecordingState", in.FilterByRecordingState, ivs.ParticipantRecordingStates...)
	f := participantFilter{userID: in.FilterByUserID, published: deref(in.FilterByPublished),
		state: deref(in.FilterByState), recordingState: deref(in.FilterByRecordingState)}
	filters := 0
	for _, set := range []bool{in.FilterByUserID != nil, f.published, in.FilterByState != nil, in.FilterByRecordingState != nil} {
		if set {
			filters++
		}
	}
	if filters > 1 {
		v.failf("Only one of filterByUserId, filterByPublished, filterByState, or filterByRecordingState can be provided per request")
	}
	pr := page(v, &b.pager, in.listIn, "ListParticipants", deref(in.StageArn), deref(in.SessionID),
		fmt.Sprint(in.FilterByUserID != nil), deref(in.FilterByUserID), strconv.FormatBool(f.published), f.state, f.recordingState)
	if err := v.err(); err != nil {
		return nil, err
	}
	list, next := b.ListParticipants(*in.StageArn, *in.SessionID, f, pr)
	return listParticipantsOut{Participants: list, NextToken: next}, nil
}

// checkParticipantIn checks the members that name one participant of one
// session.
func checkParticipantIn(v *validator, in *participantIn) {
	v.reqARN("stageArn", in.StageArn, kindStage)
	v.sessionID("sessionId", in.SessionID)
	v.participantID("participantId", in.ParticipantID, &participantIDPat)
}

func handleGetParticipant(b *backend, in *participantIn) (any, error) {
	v := b.validator()
	checkParticipantIn(v, in)
	if err := v.err(); err != nil {
		return nil, err
	}
	p, err := b.GetParticipant(*in.StageArn, *in.SessionID, *in.ParticipantID)
	return getParticipantOut{Participant: p}, err
}

func handleListParticipantEvents(b *backend, in *listParticipantEventsIn) (any, error) {
	v := b.validator()
	checkParticipantIn(v, &in.participantIn)
	pr := page(v, &b.pager, in.listIn, "ListParticipantEvents", deref(in.StageArn), deref(in.SessionID), deref(in.ParticipantID))
	if err := v.err(); err != nil {
		return nil, err
	}
	list, next := b.ListParticipantEvents(*in.StageArn, *in.SessionID, *in.ParticipantID, pr)
	return listParticipantEventsOut{Events: list, NextToken: next}, nil
}

func handleDisconnectParticipant(b *backend, in *disconnectParticipantIn) (any, error) {
	v := b.validator()
	v.reqARN("stageArn", in.StageArn, kindStage)
	v.participantID("participantId", in.ParticipantID, &disconnectIDPat)
	v.optStr("reason", in.Reason, 0, ivs.MaxReasonLength, nil)
	if err := v.err(); err != nil {
		return nil, err
	}
	return emptyOut{}, b.DisconnectParticipant(*in.StageArn, *in.ParticipantID)
}
