package emulator

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// control posts to /_emulator/<name> and fails unless it answers 200.
func (v *env) control(name string, in map[string]any) map[string]any {
	v.t.Helper()
	r := v.post("/_emulator/"+name, in)
	if r.status != 200 {
		v.t.Fatalf("/_emulator/%s: %d %s", name, r.status, r.body)
	}
	return r.json(v.t)
}

// httpJoin joins over HTTP with a freshly minted token.
func (v *env) httpJoin(stageARN, userID string, caps ...types.ParticipantTokenCapability) (pid, sessionID string) {
	v.t.Helper()
	tok := v.token(stageARN, userID, caps...)
	out := v.control("join", map[string]any{"token": aws.ToString(tok.Token)})
	equal(v.t, "joined stage", out["stageArn"].(string), stageARN)
	return out["participantId"].(string), out["sessionId"].(string)
}

func TestSessionAndEventsOverHTTP(t *testing.T) {
	v := startFast(t)
	st := v.stage("live")
	arn := aws.ToString(st.Arn)

	t0 := v.clock.Now()
	pub, sess := v.httpJoin(arn, "publisher")
	if !sessionRe.MatchString(sess) {
		t.Fatalf("session id %q", sess)
	}
	got := must[*ivsrealtime.GetStageOutput](t)(v.c.GetStage(v.ctx, &ivsrealtime.GetStageInput{Arn: st.Arn}))
	equal(t, "activeSessionId", aws.ToString(got.Stage.ActiveSessionId), sess)
	ss := must[*ivsrealtime.GetStageSessionOutput](t)(v.c.GetStageSession(v.ctx, &ivsrealtime.GetStageSessionInput{StageArn: st.Arn, SessionId: aws.String(sess)}))
	equal(t, "session start", ss.StageSession.StartTime.Equal(t0), true)
	if ss.StageSession.EndTime != nil {
		t.Fatal("a live session has no endTime")
	}

	sub, sess2 := v.httpJoin(arn, "subscriber", types.ParticipantTokenCapabilitySubscribe)
	equal(t, "second joiner's session", sess2, sess)
	v.control("publish", map[string]any{"stageArn": arn, "participantId": pub})
	v.control("subscribe", map[string]any{"stageArn": arn, "participantId": sub, "remoteParticipantId": pub})
	v.control("unsubscribe", map[string]any{"stageArn": arn, "participantId": sub, "remoteParticipantId": pub})
	v.control("subscribe", map[string]any{"stageArn": arn, "participantId": sub, "remoteParticipantId": pub})
	v.control("unpublish", map[string]any{"stageArn": arn, "participantId": pub})
	v.control("leave", map[string]any{"stageArn": arn, "participantId": sub})

	equalSlices(t, "publisher events", v.events(arn, sess, pub), []string{"JOINED", "PUBLISH_STARTED", "PUBLISH_STOPPED"})
	equalSlices(t, "subscriber events", v.events(arn, sess, sub), []string{"JOINED",
		"SUBSCRIBE_STARTED>" + pub, "SUBSCRIBE_STOPPED>" + pub, "SUBSCRIBE_STARTED>" + pub, "SUBSCRIBE_STOPPED>" + pub, "LEFT"})

	list := must[*ivsrealtime.ListParticipantsOutput](t)(v.c.ListParticipants(v.ctx, &ivsrealtime.ListParticipantsInput{StageArn: st.Arn, SessionId: aws.String(sess)}))
	equal(t, "participants", len(list.Participants), 2)
	p0 := list.Participants[0]
	equal(t, "first listed", aws.ToString(p0.ParticipantId), pub)
	equal(t, "state", p0.State, types.ParticipantStateConnected)
	equal(t, "published", p0.Published, true)
	equal(t, "recording", p0.RecordingState, types.ParticipantRecordingStateDisabled)
	equal(t, "replication type", p0.ReplicationType, types.ReplicationTypeNone)
	equal(t, "subscriber state", list.Participants[1].State, types.ParticipantStateDisconnected)
	equal(t, "subscriber never published", list.Participants[1].Published, false)

	for _, c := range []struct {
		in   *ivsrealtime.ListParticipantsInput
		want []string
	}{
		{&ivsrealtime.ListParticipantsInput{FilterByState: types.ParticipantStateDisconnected}, []string{sub}},
		{&ivsrealtime.ListParticipantsInput{FilterByPublished: true}, []string{pub}},
		{&ivsrealtime.ListParticipantsInput{FilterByUserId: aws.String("subscriber")}, []string{sub}},
		{&ivsrealtime.ListParticipantsInput{FilterByRecordingState: types.ParticipantRecordingFilterByRecordingStateActive}, nil},
	} {
		c.in.StageArn, c.in.SessionId = st.Arn, aws.String(sess)
		out := must[*ivsrealtime.ListParticipantsOutput](t)(v.c.ListParticipants(v.ctx, c.in))
		var ids []string
		for _, p := range out.Participants {
			ids = append(ids, aws.ToString(p.ParticipantId))
		}
		equalSlices(t, fmt.Sprintf("filter %+v", c.in), ids, c.want)
	}
	_, err := v.c.ListParticipants(v.ctx, &ivsrealtime.ListParticipantsInput{StageArn: st.Arn, SessionId: aws.String(sess),
		FilterByPublished: true, FilterByState: types.ParticipantStateConnected})
	wantCode(t, err, "ValidationException", "Only one of filterByUserId, filterByPublished, filterByState, or filterByRecordingState")

	v.clock.Advance(time.Minute)
	v.control("leave", map[string]any{"stageArn": arn, "participantId": pub})
	got = must[*ivsrealtime.GetStageOutput](t)(v.c.GetStage(v.ctx, &ivsrealtime.GetStageInput{Arn: st.Arn}))
	if got.Stage.ActiveSessionId != nil {
		t.Fatal("the session ends when the last participant leaves")
	}
	ss = must[*ivsrealtime.GetStageSessionOutput](t)(v.c.GetStageSession(v.ctx, &ivsrealtime.GetStageSessionInput{StageArn: st.Arn, SessionId: aws.String(sess)}))
	equal(t, "session end", ss.StageSession.EndTime.Equal(t0.Add(time.Minute)), true)

	// A new join opens a new session; the ended one keeps its records.
	_, sess3 := v.httpJoin(arn, "late")
	if sess3 == sess {
		t.Fatal("a join after the session ended opens a new session")
	}
	sessions := must[*ivsrealtime.ListStageSessionsOutput](t)(v.c.ListStageSessions(v.ctx, &ivsrealtime.ListStageSessionsInput{StageArn: st.Arn}))
	equal(t, "sessions", len(sessions.StageSessions), 2)
	equalSlices(t, "old session kept", v.events(arn, sess, pub), []string{"JOINED", "PUBLISH_STARTED", "PUBLISH_STOPPED", "LEFT"})
}

func TestEventErrorsOverHTTP(t *testing.T) {
	v := startFast(t)
	arn := aws.ToString(v.stage("errors").Arn)
	viewer, sess := v.httpJoin(arn, "viewer", types.ParticipantTokenCapabilitySubscribe)
	speaker, _ := v.httpJoin(arn, "speaker", types.ParticipantTokenCapabilityPublish)
	other, _ := v.httpJoin(arn, "other")

	r := v.post("/_emulator/publish", map[string]any{"stageArn": arn, "participantId": viewer})
	wantRawError(t, r, 403, "AccessDeniedException")
	v.control("publish", map[string]any{"stageArn": arn, "participantId": speaker})
	r = v.post("/_emulator/subscribe", map[string]any{"stageArn": arn, "participantId": speaker, "remoteParticipantId": other})
	wantRawError(t, r, 403, "AccessDeniedException")
	r = v.post("/_emulator/subscribe", map[string]any{"stageArn": arn, "participantId": viewer, "remoteParticipantId": other})
	wantRawError(t, r, 404, "ResourceNotFoundException")
	r = v.post("/_emulator/subscribe", map[string]any{"stageArn": arn, "participantId": viewer, "remoteParticipantId": viewer})
	wantRawError(t, r, 400, "ValidationException")

	equalSlices(t, "viewer events", v.events(arn, sess, viewer), []string{"JOINED", "PUBLISH_ERROR:INSUFFICIENT_CAPABILITIES",
		"SUBSCRIBE_ERROR>" + other + ":PUBLISHER_NOT_FOUND"})
	equalSlices(t, "speaker events", v.events(arn, sess, speaker), []string{"JOINED", "PUBLISH_STARTED", "SUBSCRIBE_ERROR>" + other + ":INSUFFICIENT_CAPABILITIES"})

	// The 13th concurrent publisher is refused.
	for i := range ivs.MaxPublishersPerStage - 1 {
		j := v.join(arn, fmt.Sprintf("pub-%d", i))
		noErr(t, v.e.Publish(arn, j.ParticipantID))
	}
	thirteenth := v.join(arn, "pub-13")
	err := v.e.Publish(arn, thirteenth.ParticipantID)
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeQuotaExceeded || e.EventErrorCode != "QUOTA_EXCEEDED" {
		t.Fatalf("13th publisher: %v", err)
	}
	equalSlices(t, "13th publisher events", v.events(arn, sess, thirteenth.ParticipantID), []string{"JOINED", "PUBLISH_ERROR:QUOTA_EXCEEDED"})

	// Scripted errors of every code.
	for i, code := range ivs.ErrorCodes() {
		name := ivs.ErrorEventNames[i%3]
		v.control("error", map[string]any{"stageArn": arn, "participantId": other, "eventName": name, "errorCode": code})
	}
	evs := must[*ivsrealtime.ListParticipantEventsOutput](t)(v.c.ListParticipantEvents(v.ctx, &ivsrealtime.ListParticipantEventsInput{
		StageArn: aws.String(arn), SessionId: aws.String(sess), ParticipantId: aws.String(other), MaxResults: aws.Int32(100)}))
	equal(t, "recorded", len(evs.Events), 1+len(ivs.ErrorCodes()))
	for i, code := range ivs.ErrorCodes() {
		e := evs.Events[i+1]
		equal(t, "code", string(e.ErrorCode), code)
		equal(t, "name", string(e.Name), ivs.ErrorEventNames[i%3])
	}
	r = v.post("/_emulator/error", map[string]any{"stageArn": arn, "participantId": other, "eventName": "PUBLISH_ERROR", "errorCode": "MADE_UP"})
	wantRawError(t, r, 400, "ValidationException")
	r = v.post("/_emulator/error", map[string]any{"stageArn": arn, "participantId": other, "eventName": "JOINED", "errorCode": "INVALID_INPUT"})
	wantRawError(t, r, 400, "ValidationException")
}

func TestDisconnectParticipant(t *testing.T) {
	v := startFast(t)
	st := v.stage("kick")
	arn := aws.ToString(st.Arn)
	tok := v.token(arn, "troll")
	pub := must[JoinResult](t)(v.e.Join(aws.ToString(tok.Token)))
	sub := v.join(arn, "fan")
	noErr(t, v.e.Publish(arn, pub.ParticipantID))
	noErr(t, v.e.Subscribe(arn, sub.ParticipantID, pub.ParticipantID))

	_, err := v.c.DisconnectParticipant(v.ctx, &ivsrealtime.DisconnectParticipantInput{StageArn: st.Arn, ParticipantId: aws.String(pub.ParticipantID),
		Reason: aws.String(string(make([]byte, 129)))})
	wantCode(t, err, "ValidationException", "reason")
	must[*ivsrealtime.DisconnectParticipantOutput](t)(v.c.DisconnectParticipant(v.ctx, &ivsrealtime.DisconnectParticipantInput{
		StageArn: st.Arn, ParticipantId: aws.String(pub.ParticipantID), Reason: aws.String("spam")}))
	equalSlices(t, "kicked publisher", v.events(arn, pub.SessionID, pub.ParticipantID), []string{"JOINED", "PUBLISH_STARTED", "PUBLISH_STOPPED", "LEFT"})
	equalSlices(t, "its subscriber", v.events(arn, pub.SessionID, sub.ParticipantID), []string{"JOINED", "SUBSCRIBE_STARTED>" + pub.ParticipantID, "SUBSCRIBE_STOPPED>" + pub.ParticipantID})
	equal(t, "state", v.participant(arn, pub.SessionID, pub.ParticipantID).State, types.ParticipantStateDisconnected)

	_, err = v.c.DisconnectParticipant(v.ctx, &ivsrealtime.DisconnectParticipantInput{StageArn: st.Arn, ParticipantId: aws.String(pub.ParticipantID)})
	wantCode(t, err, "ResourceNotFoundException", pub.ParticipantID)
	// The disconnected participant's token is revoked for this stage.
	_, err = v.e.Join(aws.ToString(tok.Token))
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeAccessDenied {
		t.Fatalf("rejoin after DisconnectParticipant: %v", err)
	}
}

func TestJoinRules(t *testing.T) {
	v := startFast(t)
	arn := aws.ToString(v.stage("door").Arn)
	tok := aws.ToString(v.token(arn, "twice").Token)
	first := v.control("join", map[string]any{"token": tok})
	r := v.post("/_emulator/join", map[string]any{"token": tok})
	wantRawError(t, r, 409, "ConflictException")
	pid, sess := first["participantId"].(string), first["sessionId"].(string)

	// Someone else keeps the session alive; a reconnect reuses the record.
	other := v.join(arn, "other")
	v.control("leave", map[string]any{"stageArn": arn, "participantId": pid})
	again := v.control("join", map[string]any{"token": tok})
	equal(t, "same session", again["sessionId"].(string), sess)
	equalSlices(t, "reconnect events", v.events(arn, sess, pid), []string{"JOINED", "LEFT", "JOINED"})
	equal(t, "connected again", v.participant(arn, sess, pid).State, types.ParticipantStateConnected)

	// After the session ends, the same token joins a new session.
	noErr(t, v.e.Leave(arn, pid))
	noErr(t, v.e.Leave(arn, other.ParticipantID))
	third := v.control("join", map[string]any{"token": tok})
	if third["sessionId"] == sess {
		t.Fatal("expected a new session")
	}

	for _, c := range []struct {
		name  string
		body  map[string]any
		code  string
		state int
	}{
		{"missing token", map[string]any{}, "ValidationException", 400},
		{"garbage token", map[string]any{"token": "not.a.jwt"}, "AccessDeniedException", 403},
		{"unsigned token", map[string]any{"token": "eyJhbGciOiJub25lIn0.eyJqdGkiOiJ4In0."}, "AccessDeniedException", 403},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantRawError(t, v.post("/_emulator/join", c.body), c.state, c.code)
		})
	}
	t.Run("client info shows in GetParticipant", func(t *testing.T) {
		tok := aws.ToString(v.token(arn, "ios-user").Token)
		out := v.control("join", map[string]any{"token": tok, "clientInfo": map[string]any{
			"browserName": "Safari", "browserVersion": "17.5", "osName": "iOS", "osVersion": "17.5.1", "ispName": "Orange", "sdkVersion": "1.14.0"}})
		p := v.participant(arn, out["sessionId"].(string), out["participantId"].(string))
		equal(t, "browser", aws.ToString(p.BrowserName), "Safari")
		equal(t, "os", aws.ToString(p.OsVersion), "17.5.1")
		equal(t, "isp", aws.ToString(p.IspName), "Orange")
		equal(t, "sdk", aws.ToString(p.SdkVersion), "1.14.0")
		equal(t, "protocol", p.Protocol, types.ParticipantProtocolWhip)
		equal(t, "userId", aws.ToString(p.UserId), "ios-user")
		equal(t, "bucket when not recording", aws.ToString(p.RecordingS3BucketName), "")
	})
	t.Run("control errors never echo the token", func(t *testing.T) {
		secret := aws.ToString(v.token(arn, "x").Token)
		bad := secret[:len(secret)-4] + "AAAA"
		r := v.post("/_emulator/join", map[string]any{"token": bad})
		msg := wantRawError(t, r, 403, "AccessDeniedException")
		for _, s := range []string{msg, string(r.body)} {
			if len(s) > 0 && (strings.Contains(s, bad) || strings.Contains(s, secret[:40])) {
				t.Fatal("the token leaked into the error")
			}
		}
	})
}

func TestEndedSessionsAreCapped(t *testing.T) {
	v := startFast(t)
	arn := aws.ToString(v.stage("busy-day").Arn)
	var first string
	for i := range maxEndedSessions + 5 {
		j := v.join(arn, "u")
		if i == 0 {
			first = j.SessionID
		}
		noErr(t, v.e.Leave(arn, j.ParticipantID))
	}
	var n int
	p := ivsrealtime.NewListStageSessionsPaginator(v.c, &ivsrealtime.ListStageSessionsInput{StageArn: aws.String(arn)})
	for p.HasMorePages() {
		n += len(must[*ivsrealtime.ListStageSessionsOutput](t)(p.NextPage(v.ctx)).StageSessions)
	}
	equal(t, "sessions kept", n, maxEndedSessions)
	_, err := v.c.GetStageSession(v.ctx, &ivsrealtime.GetStageSessionInput{StageArn: aws.String(arn), SessionId: aws.String(first)})
	wantCode(t, err, "ResourceNotFoundException", first)
}

func TestIdentifierValidation(t *testing.T) {
	v := startFast(t)
	arn := v.stage("ids").Arn
	for _, c := range []struct{ name, session, participant, fragment string }{
		{"session id too short", "st-abc", "p", "Member must have length greater than or equal to 16"},
		{"session id without st-", "xx-abcdefghijklm", "p", "Member must satisfy regular expression pattern: st-[a-zA-Z0-9]+"},
		{"session id with symbols", "st-abcdefghijkl!", "p", "st-[a-zA-Z0-9]+"},
		{"participant id with a space", "st-abcdefghijklm", "a b", "Member must satisfy regular expression pattern: [a-zA-Z0-9-]*"},
		{"participant id of 65", "st-abcdefghijklm", strings.Repeat("p", 65), "Member must have length less than or equal to 64"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := v.c.GetParticipant(v.ctx, &ivsrealtime.GetParticipantInput{StageArn: arn, SessionId: aws.String(c.session), ParticipantId: aws.String(c.participant)})
			wantCode(t, err, "ValidationException", c.fragment)
		})
	}
	_, err := v.c.GetStageSession(v.ctx, &ivsrealtime.GetStageSessionInput{StageArn: arn, SessionId: aws.String("st-abcdefghijklm")})
	wantCode(t, err, "ResourceNotFoundException", "st-abcdefghijklm")
	_, err = v.c.GetParticipant(v.ctx, &ivsrealtime.GetParticipantInput{StageArn: arn, SessionId: aws.String("st-abcdefghijklm"), ParticipantId: aws.String("p")})
	wantCode(t, err, "ResourceNotFoundException", "")
	// The List operations declare no 404: unknown parents list nothing.
	ps := must[*ivsrealtime.ListParticipantsOutput](t)(v.c.ListParticipants(v.ctx, &ivsrealtime.ListParticipantsInput{StageArn: arn, SessionId: aws.String("st-abcdefghijklm")}))
	equal(t, "participants of an unknown session", len(ps.Participants), 0)
	ss := must[*ivsrealtime.ListStageSessionsOutput](t)(v.c.ListStageSessions(v.ctx, &ivsrealtime.ListStageSessionsInput{StageArn: aws.String("arn:aws:ivs:us-east-1:123456789012:stage/zzzzzzzzzzzz")}))
	equal(t, "sessions of an unknown stage", len(ss.StageSessions), 0)
	_, err = v.c.ListStageSessions(v.ctx, &ivsrealtime.ListStageSessionsInput{StageArn: aws.String("arn:aws:ivs:us-east-1:123456789012:ingest-configuration/zzzzzzzzzzzz")})
	wantCode(t, err, "ValidationException", "stageArn")
}
