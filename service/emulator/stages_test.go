package emulator

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"

	"github.com/ivsdash/ivsdash/service/ivs"
)

var (
	stageARNRe = regexp.MustCompile(`^arn:aws:ivs:us-east-1:123456789012:stage/[a-zA-Z0-9]{12}$`)
	whipRe     = regexp.MustCompile(`^https://[0-9a-f]{12}\.global-bm\.whip\.live-video\.net$`)
	rtmpRe     = regexp.MustCompile(`^rtmp://[0-9a-f]{12}\.global-contribute\.live-video\.net/app/$`)
	rtmpsRe    = regexp.MustCompile(`^rtmps://[0-9a-f]{12}\.global-contribute\.live-video\.net:443/app/$`)
	idRe       = regexp.MustCompile(`^[a-zA-Z0-9]{12}$`)
	sessionRe  = regexp.MustCompile(`^st-[a-zA-Z0-9]{13}$`)
)

func TestStageLifecycle(t *testing.T) {
	v := startFast(t)
	sc := must[*ivsrealtime.CreateStorageConfigurationOutput](t)(v.c.CreateStorageConfiguration(v.ctx, &ivsrealtime.CreateStorageConfigurationInput{
		S3: &types.S3StorageConfiguration{BucketName: aws.String("my-bucket")}}))
	out := must[*ivsrealtime.CreateStageOutput](t)(v.c.CreateStage(v.ctx, &ivsrealtime.CreateStageInput{
		Name: aws.String("town-hall"),
		Tags: map[string]string{"team": "video"},
		ParticipantTokenConfigurations: []types.ParticipantTokenConfiguration{
			{UserId: aws.String("host"), Capabilities: []types.ParticipantTokenCapability{types.ParticipantTokenCapabilityPublish}, Duration: aws.Int32(60)},
			{UserId: aws.String("viewer"), Attributes: map[string]string{"seat": "12"}},
		},
		AutoParticipantRecordingConfiguration: &types.AutoParticipantRecordingConfiguration{StorageConfigurationArn: sc.StorageConfiguration.Arn},
	}))
	st := out.Stage
	if !stageARNRe.MatchString(aws.ToString(st.Arn)) {
		t.Fatalf("stage ARN %q has not the real form", aws.ToString(st.Arn))
	}
	equal(t, "name", aws.ToString(st.Name), "town-hall")
	equal(t, "tag", st.Tags["team"], "video")
	if st.ActiveSessionId != nil {
		t.Fatalf("a new stage has no active session, got %q", *st.ActiveSessionId)
	}
	ep := st.Endpoints
	equal(t, "events endpoint", aws.ToString(ep.Events), "wss://global.events.live-video.net")
	for _, c := range []struct {
		re  *regexp.Regexp
		got string
	}{{whipRe, aws.ToString(ep.Whip)}, {rtmpRe, aws.ToString(ep.Rtmp)}, {rtmpsRe, aws.ToString(ep.Rtmps)}} {
		if !c.re.MatchString(c.got) {
			t.Fatalf("endpoint %q does not match %s", c.got, c.re)
		}
	}
	rec := st.AutoParticipantRecordingConfiguration
	equal(t, "recording storage", aws.ToString(rec.StorageConfigurationArn), aws.ToString(sc.StorageConfiguration.Arn))
	equalSlices(t, "media types", rec.MediaTypes, []types.ParticipantRecordingMediaType{"AUDIO_VIDEO"})
	equal(t, "hls segment", aws.ToInt32(rec.HlsConfiguration.TargetSegmentDurationSeconds), 6)

	if len(out.ParticipantTokens) != 2 {
		t.Fatalf("got %d tokens, want 2", len(out.ParticipantTokens))
	}
	host := out.ParticipantTokens[0]
	equal(t, "host duration", aws.ToInt32(host.Duration), 60)
	equalSlices(t, "host capabilities", host.Capabilities, []types.ParticipantTokenCapability{"PUBLISH"})
	if !idRe.MatchString(aws.ToString(host.ParticipantId)) {
		t.Fatalf("participant id %q", aws.ToString(host.ParticipantId))
	}
	viewer := out.ParticipantTokens[1]
	equalSlices(t, "default capabilities", viewer.Capabilities, []types.ParticipantTokenCapability{"PUBLISH", "SUBSCRIBE"})
	equal(t, "default duration", aws.ToInt32(viewer.Duration), 720)
	equal(t, "attributes", viewer.Attributes["seat"], "12")
	equal(t, "expiration", viewer.ExpirationTime.Sub(v.clock.Now()), 720*time.Minute)

	got := must[*ivsrealtime.GetStageOutput](t)(v.c.GetStage(v.ctx, &ivsrealtime.GetStageInput{Arn: st.Arn}))
	equal(t, "GetStage name", aws.ToString(got.Stage.Name), "town-hall")
	equal(t, "GetStage whip", aws.ToString(got.Stage.Endpoints.Whip), aws.ToString(ep.Whip))

	up := must[*ivsrealtime.UpdateStageOutput](t)(v.c.UpdateStage(v.ctx, &ivsrealtime.UpdateStageInput{Arn: st.Arn, Name: aws.String("town-hall-2")}))
	equal(t, "updated name", aws.ToString(up.Stage.Name), "town-hall-2")
	equal(t, "recording kept", aws.ToString(up.Stage.AutoParticipantRecordingConfiguration.StorageConfigurationArn), aws.ToString(sc.StorageConfiguration.Arn))
	up = must[*ivsrealtime.UpdateStageOutput](t)(v.c.UpdateStage(v.ctx, &ivsrealtime.UpdateStageInput{Arn: st.Arn,
		AutoParticipantRecordingConfiguration: &types.AutoParticipantRecordingConfiguration{StorageConfigurationArn: aws.String("")}}))
	equal(t, "recording off", aws.ToString(up.Stage.AutoParticipantRecordingConfiguration.StorageConfigurationArn), "")

	list := must[*ivsrealtime.ListStagesOutput](t)(v.c.ListStages(v.ctx, &ivsrealtime.ListStagesInput{}))
	if len(list.Stages) != 1 || aws.ToString(list.Stages[0].Name) != "town-hall-2" || list.NextToken != nil {
		t.Fatalf("ListStages = %+v", list)
	}

	must[*ivsrealtime.DeleteStageOutput](t)(v.c.DeleteStage(v.ctx, &ivsrealtime.DeleteStageInput{Arn: st.Arn}))
	_, err := v.c.GetStage(v.ctx, &ivsrealtime.GetStageInput{Arn: st.Arn})
	wantCode(t, err, "ResourceNotFoundException", aws.ToString(st.Arn))
	_, err = v.c.DeleteStage(v.ctx, &ivsrealtime.DeleteStageInput{Arn: st.Arn})
	wantCode(t, err, "ResourceNotFoundException", "")
}

func TestStageValidation(t *testing.T) {
	v := startFast(t)
	long := strings.Repeat("a", 129)
	bigAttrs := map[string]string{"k": strings.Repeat("x", 1024)}
	tooManyTags := map[string]string{}
	for i := range 51 {
		tooManyTags[strings.Repeat("k", i+1)] = "v"
	}
	tokenConfigs := make([]types.ParticipantTokenConfiguration, 13)
	cases := []struct {
		name     string
		in       *ivsrealtime.CreateStageInput
		fragment string
	}{
		{"name pattern", &ivsrealtime.CreateStageInput{Name: aws.String("bad name!")}, "Value 'bad name!' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]*"},
		{"name length", &ivsrealtime.CreateStageInput{Name: aws.String(long)}, "Member must have length less than or equal to 128"},
		{"too many tags", &ivsrealtime.CreateStageInput{Tags: tooManyTags}, "at 'tags'"},
		{"reserved tag prefix", &ivsrealtime.CreateStageInput{Tags: map[string]string{"aws:owner": "x"}}, "aws:"},
		{"tag key too long", &ivsrealtime.CreateStageInput{Tags: map[string]string{long: "x"}}, "Map keys must have length less than or equal to 128"},
		{"tag value too long", &ivsrealtime.CreateStageInput{Tags: map[string]string{"k": strings.Repeat("v", 257)}}, "256"},
		{"13 token configurations", &ivsrealtime.CreateStageInput{ParticipantTokenConfigurations: tokenConfigs}, "participantTokenConfigurations"},
		{"duration 0", &ivsrealtime.CreateStageInput{ParticipantTokenConfigurations: []types.ParticipantTokenConfiguration{{Duration: aws.Int32(0)}}},
			"at 'participantTokenConfigurations.1.member.duration' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"duration 20161", &ivsrealtime.CreateStageInput{ParticipantTokenConfigurations: []types.ParticipantTokenConfiguration{{Duration: aws.Int32(20161)}}},
			"Member must have value less than or equal to 20160"},
		{"user id 129", &ivsrealtime.CreateStageInput{ParticipantTokenConfigurations: []types.ParticipantTokenConfiguration{{UserId: aws.String(long)}}}, "userId"},
		{"attributes over 1 KB", &ivsrealtime.CreateStageInput{ParticipantTokenConfigurations: []types.ParticipantTokenConfiguration{{Attributes: bigAttrs}}}, "1024 bytes"},
		{"unknown capability", &ivsrealtime.CreateStageInput{ParticipantTokenConfigurations: []types.ParticipantTokenConfiguration{{Capabilities: []types.ParticipantTokenCapability{"ADMIN"}}}},
			"Member must satisfy enum value set: [PUBLISH, SUBSCRIBE]"},
		{"storage ARN of another kind", &ivsrealtime.CreateStageInput{AutoParticipantRecordingConfiguration: &types.AutoParticipantRecordingConfiguration{
			StorageConfigurationArn: aws.String("arn:aws:ivs:us-east-1:123456789012:stage/abcdABCDefgh")}}, "storage-configuration"},
		{"storage ARN of another region", &ivsrealtime.CreateStageInput{AutoParticipantRecordingConfiguration: &types.AutoParticipantRecordingConfiguration{
			StorageConfigurationArn: aws.String("arn:aws:ivs:eu-west-1:123456789012:storage-configuration/abcdABCDefgh")}}, "region us-east-1"},
		{"storage ARN of another account", &ivsrealtime.CreateStageInput{AutoParticipantRecordingConfiguration: &types.AutoParticipantRecordingConfiguration{
			StorageConfigurationArn: aws.String("arn:aws:ivs:us-east-1:999999999999:storage-configuration/abcdABCDefgh")}}, "account 123456789012"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := v.c.CreateStage(v.ctx, c.in)
			wantCode(t, err, "ValidationException", c.fragment)
			if !strings.HasPrefix(exceptionMessage(err), "1 validation error detected: ") {
				t.Fatalf("message %q lacks the AWS prefix", exceptionMessage(err))
			}
		})
	}
	t.Run("two errors are both reported", func(t *testing.T) {
		_, err := v.c.CreateStage(v.ctx, &ivsrealtime.CreateStageInput{Name: aws.String("x y"), Tags: map[string]string{"aws:a": "b"}})
		wantCode(t, err, "ValidationException", "2 validation errors detected: ")
	})
	t.Run("missing storage configuration", func(t *testing.T) {
		// CreateStage declares no 404 in the model: a reference to a
		// storage configuration that does not exist is invalid input.
		arn := "arn:aws:ivs:us-east-1:123456789012:storage-configuration/abcdABCDefgh"
		_, err := v.c.CreateStage(v.ctx, &ivsrealtime.CreateStageInput{AutoParticipantRecordingConfiguration: &types.AutoParticipantRecordingConfiguration{StorageConfigurationArn: aws.String(arn)}})
		wantCode(t, err, "ValidationException", arn)
		st := v.stage("plain")
		_, err = v.c.UpdateStage(v.ctx, &ivsrealtime.UpdateStageInput{Arn: st.Arn, AutoParticipantRecordingConfiguration: &types.AutoParticipantRecordingConfiguration{StorageConfigurationArn: aws.String(arn)}})
		wantCode(t, err, "ResourceNotFoundException", arn)
		_, err = v.c.DeleteStage(v.ctx, &ivsrealtime.DeleteStageInput{Arn: st.Arn})
		noErr(t, err)
	})
	for _, c := range []struct{ name, arn, code string }{
		{"malformed ARN", "not-an-arn", "ValidationException"},
		{"composition ARN to GetStage", "arn:aws:ivs:us-east-1:123456789012:composition/abcdABCDefgh", "ValidationException"},
		{"other region", "arn:aws:ivs:us-west-2:123456789012:stage/abcdABCDefgh", "ValidationException"},
		{"well-formed but unknown", "arn:aws:ivs:us-east-1:123456789012:stage/abcdABCDefgh", "ResourceNotFoundException"},
	} {
		t.Run("GetStage "+c.name, func(t *testing.T) {
			_, err := v.c.GetStage(v.ctx, &ivsrealtime.GetStageInput{Arn: aws.String(c.arn)})
			wantCode(t, err, c.code, "")
		})
	}
	if n := must[*ivsrealtime.ListStagesOutput](t)(v.c.ListStages(v.ctx, &ivsrealtime.ListStagesInput{})); len(n.Stages) != 0 {
		t.Fatalf("failed creates left %d stages", len(n.Stages))
	}
}

func TestStageQuota(t *testing.T) {
	v := startFast(t)
	name := "s"
	for range ivs.MaxStages - 1 {
		if _, _, err := v.e.b.CreateStage(name, nil, defaultAutoRec(), nil); err != nil {
			t.Fatal(err)
		}
	}
	last := v.stage("the-1000th")
	_, err := v.c.CreateStage(v.ctx, &ivsrealtime.CreateStageInput{Name: aws.String("one-too-many")})
	wantCode(t, err, "ServiceQuotaExceededException", "1000")
	must[*ivsrealtime.DeleteStageOutput](t)(v.c.DeleteStage(v.ctx, &ivsrealtime.DeleteStageInput{Arn: last.Arn}))
	v.stage("fits-again")
}

func TestUpdateStageRecordingWhileRecording(t *testing.T) {
	v := start(t, Options{NoThrottle: true, RecordingStartDelay: time.Second})
	sc := must[*ivsrealtime.CreateStorageConfigurationOutput](t)(v.c.CreateStorageConfiguration(v.ctx, &ivsrealtime.CreateStorageConfigurationInput{
		S3: &types.S3StorageConfiguration{BucketName: aws.String("rec-bucket")}}))
	st := must[*ivsrealtime.CreateStageOutput](t)(v.c.CreateStage(v.ctx, &ivsrealtime.CreateStageInput{
		AutoParticipantRecordingConfiguration: &types.AutoParticipantRecordingConfiguration{StorageConfigurationArn: sc.StorageConfiguration.Arn}})).Stage
	arn := aws.ToString(st.Arn)
	j := v.join(arn, "rec")
	noErr(t, v.e.Publish(arn, j.ParticipantID))
	p := v.participant(arn, j.SessionID, j.ParticipantID)
	equal(t, "recording state at publish", p.RecordingState, types.ParticipantRecordingStateStarting)
	equal(t, "bucket", aws.ToString(p.RecordingS3BucketName), "rec-bucket")
	equal(t, "prefix", aws.ToString(p.RecordingS3Prefix), arn[len(arn)-12:]+"/"+j.SessionID+"/"+j.ParticipantID)
	v.clock.Advance(time.Second)
	equal(t, "recording state later", v.participant(arn, j.SessionID, j.ParticipantID).RecordingState, types.ParticipantRecordingStateActive)

	_, err := v.c.UpdateStage(v.ctx, &ivsrealtime.UpdateStageInput{Arn: st.Arn,
		AutoParticipantRecordingConfiguration: &types.AutoParticipantRecordingConfiguration{StorageConfigurationArn: aws.String("")}})
	wantCode(t, err, "ConflictException", "recording is active")
	_, err = v.c.DeleteStorageConfiguration(v.ctx, &ivsrealtime.DeleteStorageConfigurationInput{Arn: sc.StorageConfiguration.Arn})
	wantCode(t, err, "ConflictException", "autoParticipantRecordingConfiguration")

	noErr(t, v.e.Unpublish(arn, j.ParticipantID))
	equal(t, "recording state after publish", v.participant(arn, j.SessionID, j.ParticipantID).RecordingState, types.ParticipantRecordingStateStopped)
	must[*ivsrealtime.UpdateStageOutput](t)(v.c.UpdateStage(v.ctx, &ivsrealtime.UpdateStageInput{Arn: st.Arn,
		AutoParticipantRecordingConfiguration: &types.AutoParticipantRecordingConfiguration{StorageConfigurationArn: aws.String("")}}))
}

func TestDeleteStageDisconnectsEveryone(t *testing.T) {
	v := start(t, Options{NoThrottle: true, CompositionStartDelay: time.Second})
	st := v.stage("doomed")
	arn := aws.ToString(st.Arn)
	pub := v.join(arn, "pub")
	sub := v.join(arn, "sub")
	noErr(t, v.e.Publish(arn, pub.ParticipantID))
	noErr(t, v.e.Subscribe(arn, sub.ParticipantID, pub.ParticipantID))

	ing := must[*ivsrealtime.CreateIngestConfigurationOutput](t)(v.c.CreateIngestConfiguration(v.ctx, &ivsrealtime.CreateIngestConfigurationInput{
		IngestProtocol: types.IngestProtocolRtmps, StageArn: st.Arn})).IngestConfiguration
	must[JoinResult](t)(v.e.IngestPublish(aws.ToString(ing.StreamKey), ""))
	comp := v.composition(arn)

	// Keep a handle on the session before the stage goes: the backend's
	// records are checked directly since the API has no way to reach a
	// deleted stage's sessions.
	v.e.b.mu.Lock()
	sess := v.e.b.stages.byID[arn[len(arn)-12:]].active
	v.e.b.mu.Unlock()

	must[*ivsrealtime.DeleteStageOutput](t)(v.c.DeleteStage(v.ctx, &ivsrealtime.DeleteStageInput{Arn: st.Arn}))

	v.e.b.mu.Lock()
	if sess.live() {
		t.Error("the session did not end")
	}
	var pubEvents, subEvents []string
	for _, e := range sess.participants.byID[pub.ParticipantID].events {
		pubEvents = append(pubEvents, e.name)
	}
	for _, e := range sess.participants.byID[sub.ParticipantID].events {
		subEvents = append(subEvents, e.name)
	}
	for _, p := range sess.participants.order {
		if p.connected() {
			t.Errorf("participant %s still connected", p.id)
		}
	}
	v.e.b.mu.Unlock()
	equalSlices(t, "publisher events", pubEvents, []string{"JOINED", "PUBLISH_STARTED", "PUBLISH_STOPPED", "LEFT"})
	equalSlices(t, "subscriber events", subEvents, []string{"JOINED", "SUBSCRIBE_STARTED", "SUBSCRIBE_STOPPED", "LEFT"})

	gi := must[*ivsrealtime.GetIngestConfigurationOutput](t)(v.c.GetIngestConfiguration(v.ctx, &ivsrealtime.GetIngestConfigurationInput{Arn: ing.Arn}))
	equal(t, "ingest stageArn", aws.ToString(gi.IngestConfiguration.StageArn), "")
	equal(t, "ingest state", gi.IngestConfiguration.State, types.IngestConfigurationStateInactive)

	gc := must[*ivsrealtime.GetCompositionOutput](t)(v.c.GetComposition(v.ctx, &ivsrealtime.GetCompositionInput{Arn: comp.Arn}))
	if s := gc.Composition.State; s != types.CompositionStateStopping && s != types.CompositionStateStopped {
		t.Fatalf("composition of a deleted stage is %s", s)
	}
}
