package emulator

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"
)

// configs makes an encoder and a storage configuration.
func (v *env) configs() (encoderARN, storageARN string) {
	v.t.Helper()
	enc := must[*ivsrealtime.CreateEncoderConfigurationOutput](v.t)(v.c.CreateEncoderConfiguration(v.ctx, &ivsrealtime.CreateEncoderConfigurationInput{Name: aws.String("enc")}))
	sc := must[*ivsrealtime.CreateStorageConfigurationOutput](v.t)(v.c.CreateStorageConfiguration(v.ctx, &ivsrealtime.CreateStorageConfigurationInput{
		Name: aws.String("rec"), S3: &types.S3StorageConfiguration{BucketName: aws.String("recordings.example")}}))
	return aws.ToString(enc.EncoderConfiguration.Arn), aws.ToString(sc.StorageConfiguration.Arn)
}

func s3Dest(encoderARN, storageARN string) types.DestinationConfiguration {
	return types.DestinationConfiguration{S3: &types.S3DestinationConfiguration{
		EncoderConfigurationArns: []string{encoderARN}, StorageConfigurationArn: aws.String(storageARN)}}
}

// composition starts a composition recording the stage to S3.
func (v *env) composition(stageARN string) types.Composition {
	v.t.Helper()
	enc, sto := v.configs()
	out := must[*ivsrealtime.StartCompositionOutput](v.t)(v.c.StartComposition(v.ctx, &ivsrealtime.StartCompositionInput{
		StageArn: aws.String(stageARN), Destinations: []types.DestinationConfiguration{s3Dest(enc, sto)}}))
	return *out.Composition
}

func (v *env) compositionState(arn *string) (types.CompositionState, error) {
	out, err := v.c.GetComposition(v.ctx, &ivsrealtime.GetCompositionInput{Arn: arn})
	if err != nil {
		return "", err
	}
	return out.Composition.State, nil
}

func TestCompositionLifecycle(t *testing.T) {
	v := start(t, Options{NoThrottle: true, CompositionStartDelay: 3 * time.Second, CompositionStopDelay: time.Second,
		CompositionRetention: 30 * time.Second, CompositionIdleTimeout: time.Hour})
	st := v.stage("show")
	arn := aws.ToString(st.Arn)
	j := v.join(arn, "host")
	t0 := v.clock.Now()
	c := v.composition(arn)
	equal(t, "state", c.State, types.CompositionStateStarting)
	equal(t, "startTime", c.StartTime.Equal(t0), true)
	if c.EndTime != nil {
		t.Fatal("a starting composition has no endTime")
	}
	equal(t, "layout default", aws.ToInt32(&c.Layout.Grid.GridGap), 2)
	equal(t, "aspect default", c.Layout.Grid.VideoAspectRatio, types.VideoAspectRatioVideo)
	d := c.Destinations[0]
	if !idRe.MatchString(aws.ToString(d.Id)) {
		t.Fatalf("destination id %q", aws.ToString(d.Id))
	}
	equal(t, "destination state", d.State, types.DestinationStateStarting)
	equal(t, "recording prefix", aws.ToString(d.Detail.S3.RecordingPrefix), arn[len(arn)-12:]+"/"+j.SessionID+"/composite")
	equal(t, "recording format", d.Configuration.S3.RecordingConfiguration.Format, types.RecordingConfigurationFormatHls)

	v.clock.Advance(3 * time.Second)
	g := must[*ivsrealtime.GetCompositionOutput](t)(v.c.GetComposition(v.ctx, &ivsrealtime.GetCompositionInput{Arn: c.Arn})).Composition
	equal(t, "state after start delay", g.State, types.CompositionStateActive)
	equal(t, "destination active", g.Destinations[0].State, types.DestinationStateActive)
	equal(t, "destination start", g.Destinations[0].StartTime.Equal(t0.Add(3*time.Second)), true)

	must[*ivsrealtime.StopCompositionOutput](t)(v.c.StopComposition(v.ctx, &ivsrealtime.StopCompositionInput{Arn: c.Arn}))
	equal(t, "state after stop", must[types.CompositionState](t)(v.compositionState(c.Arn)), types.CompositionStateStopping)
	v.clock.Advance(time.Second)
	g = must[*ivsrealtime.GetCompositionOutput](t)(v.c.GetComposition(v.ctx, &ivsrealtime.GetCompositionInput{Arn: c.Arn})).Composition
	equal(t, "state after stop delay", g.State, types.CompositionStateStopped)
	equal(t, "endTime", g.EndTime.Equal(v.clock.Now()), true)
	list := must[*ivsrealtime.ListCompositionsOutput](t)(v.c.ListCompositions(v.ctx, &ivsrealtime.ListCompositionsInput{}))
	if len(list.Compositions) != 1 || list.Compositions[0].State != types.CompositionStateStopped {
		t.Fatalf("a stopped composition stays listed for a while: %+v", list.Compositions)
	}
	// StopComposition of a stopped one is harmless while it is retained.
	must[*ivsrealtime.StopCompositionOutput](t)(v.c.StopComposition(v.ctx, &ivsrealtime.StopCompositionInput{Arn: c.Arn}))

	v.clock.Advance(30 * time.Second)
	_, err := v.compositionState(c.Arn)
	wantCode(t, err, "ResourceNotFoundException", "")
	list = must[*ivsrealtime.ListCompositionsOutput](t)(v.c.ListCompositions(v.ctx, &ivsrealtime.ListCompositionsInput{}))
	equal(t, "listed after deletion", len(list.Compositions), 0)
	_, err = v.c.StopComposition(v.ctx, &ivsrealtime.StopCompositionInput{Arn: c.Arn})
	wantCode(t, err, "ResourceNotFoundException", "")
}

func TestCompositionIdleTimeout(t *testing.T) {
	v := start(t, Options{NoThrottle: true, CompositionStartDelay: time.Second, CompositionIdleTimeout: time.Minute, CompositionStopDelay: time.Second})
	empty := aws.ToString(v.stage("empty").Arn)
	busy := aws.ToString(v.stage("busy").Arn)
	j := v.join(busy, "someone")
	t0 := v.clock.Now()
	ce := v.composition(empty)
	cb := v.composition(busy)

	v.clock.Advance(59 * time.Second)
	equal(t, "empty stage, before the timeout", must[types.CompositionState](t)(v.compositionState(ce.Arn)), types.CompositionStateActive)
	v.clock.Advance(2 * time.Second)
	g := must[*ivsrealtime.GetCompositionOutput](t)(v.c.GetComposition(v.ctx, &ivsrealtime.GetCompositionInput{Arn: ce.Arn})).Composition
	equal(t, "empty stage, after the timeout", g.State, types.CompositionStateStopped)
	equal(t, "ended at timeout plus stop delay", g.EndTime.Equal(t0.Add(time.Minute+time.Second)), true)
	equal(t, "busy stage", must[types.CompositionState](t)(v.compositionState(cb.Arn)), types.CompositionStateActive)

	noErr(t, v.e.Leave(busy, j.ParticipantID))
	left := v.clock.Now()
	v.clock.Advance(62 * time.Second) // one jump: the stop is dated when it was due
	g = must[*ivsrealtime.GetCompositionOutput](t)(v.c.GetComposition(v.ctx, &ivsrealtime.GetCompositionInput{Arn: cb.Arn})).Composition
	equal(t, "busy stage after everyone left", g.State, types.CompositionStateStopped)
	equal(t, "ended a minute after the stage emptied", g.EndTime.Equal(left.Add(time.Minute+time.Second)), true)
	v.clock.Advance(30 * time.Second)
	_, err := v.compositionState(cb.Arn)
	wantCode(t, err, "ResourceNotFoundException", "")
}

func TestCompositionRules(t *testing.T) {
	v := start(t, Options{NoThrottle: true, CompositionStopDelay: time.Second})
	st := v.stage("rules")
	arn := st.Arn
	enc, sto := v.configs()
	channel := "arn:aws:ivs:us-east-1:123456789012:channel/abcdABCDefgh"
	chanDest := types.DestinationConfiguration{Channel: &types.ChannelDestinationConfiguration{ChannelArn: aws.String(channel), EncoderConfigurationArn: aws.String(enc)}}

	bad := []struct {
		name     string
		in       *ivsrealtime.StartCompositionInput
		fragment string
	}{
		{"no destinations", &ivsrealtime.StartCompositionInput{StageArn: arn, Destinations: []types.DestinationConfiguration{}}, "at 'destinations' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"three destinations", &ivsrealtime.StartCompositionInput{StageArn: arn, Destinations: []types.DestinationConfiguration{chanDest, s3Dest(enc, sto), s3Dest(enc, sto)}}, "less than or equal to 2"},
		{"two s3 destinations", &ivsrealtime.StartCompositionInput{StageArn: arn, Destinations: []types.DestinationConfiguration{s3Dest(enc, sto), s3Dest(enc, sto)}}, "at most one channel destination and at most one s3"},
		{"channel and s3 in one destination", &ivsrealtime.StartCompositionInput{StageArn: arn, Destinations: []types.DestinationConfiguration{{
			Channel: chanDest.Channel, S3: s3Dest(enc, sto).S3}}}, "only one of channel or s3"},
		{"empty destination", &ivsrealtime.StartCompositionInput{StageArn: arn, Destinations: []types.DestinationConfiguration{{Name: aws.String("x")}}}, "either channel or s3"},
		{"grid and pip", &ivsrealtime.StartCompositionInput{StageArn: arn, Destinations: []types.DestinationConfiguration{s3Dest(enc, sto)},
			Layout: &types.LayoutConfiguration{Grid: &types.GridConfiguration{}, Pip: &types.PipConfiguration{}}}, "only one of grid or pip"},
		{"bad pip position", &ivsrealtime.StartCompositionInput{StageArn: arn, Destinations: []types.DestinationConfiguration{s3Dest(enc, sto)},
			Layout: &types.LayoutConfiguration{Pip: &types.PipConfiguration{PipPosition: "MIDDLE"}}}, "layout.pip.pipPosition"},
		{"two encoders for s3", &ivsrealtime.StartCompositionInput{StageArn: arn, Destinations: []types.DestinationConfiguration{{S3: &types.S3DestinationConfiguration{
			EncoderConfigurationArns: []string{enc, enc}, StorageConfigurationArn: aws.String(sto)}}}}, "encoderConfigurationArns"},
		{"channel ARN of another account", &ivsrealtime.StartCompositionInput{StageArn: arn, Destinations: []types.DestinationConfiguration{{Channel: &types.ChannelDestinationConfiguration{
			ChannelArn: aws.String("arn:aws:ivs:us-east-1:000000000000:channel/abcdABCDefgh")}}}}, "account"},
		{"idempotency token pattern", &ivsrealtime.StartCompositionInput{StageArn: arn, IdempotencyToken: aws.String("no spaces"), Destinations: []types.DestinationConfiguration{s3Dest(enc, sto)}}, "idempotencyToken"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := v.c.StartComposition(v.ctx, c.in)
			wantCode(t, err, "ValidationException", c.fragment)
		})
	}
	missing := "arn:aws:ivs:us-east-1:123456789012:encoder-configuration/zzzzzzzzzzzz"
	for _, c := range []struct {
		name string
		in   *ivsrealtime.StartCompositionInput
	}{
		{"unknown stage", &ivsrealtime.StartCompositionInput{StageArn: aws.String("arn:aws:ivs:us-east-1:123456789012:stage/zzzzzzzzzzzz"), Destinations: []types.DestinationConfiguration{s3Dest(enc, sto)}}},
		{"unknown encoder", &ivsrealtime.StartCompositionInput{StageArn: arn, Destinations: []types.DestinationConfiguration{s3Dest(missing, sto)}}},
		{"unknown storage", &ivsrealtime.StartCompositionInput{StageArn: arn, Destinations: []types.DestinationConfiguration{s3Dest(enc, "arn:aws:ivs:us-east-1:123456789012:storage-configuration/zzzzzzzzzzzz")}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := v.c.StartComposition(v.ctx, c.in)
			wantCode(t, err, "ResourceNotFoundException", "zzzzzzzzzzzz")
		})
	}

	t.Run("pip layout defaults are echoed", func(t *testing.T) {
		out := must[*ivsrealtime.StartCompositionOutput](t)(v.c.StartComposition(v.ctx, &ivsrealtime.StartCompositionInput{StageArn: arn,
			Destinations: []types.DestinationConfiguration{s3Dest(enc, sto)},
			Layout:       &types.LayoutConfiguration{Pip: &types.PipConfiguration{PipParticipantAttribute: aws.String("pip"), PipWidth: aws.Int32(320)}}}))
		p := out.Composition.Layout.Pip
		equal(t, "pipPosition", p.PipPosition, types.PipPositionBottomRight)
		equal(t, "pipBehavior", p.PipBehavior, types.PipBehaviorStatic)
		equal(t, "videoFillMode", p.VideoFillMode, types.VideoFillModeCover)
		equal(t, "pipWidth", aws.ToInt32(p.PipWidth), 320)
		if p.PipHeight != nil {
			t.Fatal("pipHeight was not set and must be absent")
		}
		must[*ivsrealtime.StopCompositionOutput](t)(v.c.StopComposition(v.ctx, &ivsrealtime.StopCompositionInput{Arn: out.Composition.Arn}))
	})

	t.Run("idempotency token", func(t *testing.T) {
		in := &ivsrealtime.StartCompositionInput{StageArn: arn, IdempotencyToken: aws.String("once-only"), Destinations: []types.DestinationConfiguration{chanDest}}
		a := must[*ivsrealtime.StartCompositionOutput](t)(v.c.StartComposition(v.ctx, in))
		b := must[*ivsrealtime.StartCompositionOutput](t)(v.c.StartComposition(v.ctx, in))
		equal(t, "same composition", aws.ToString(b.Composition.Arn), aws.ToString(a.Composition.Arn))
		in.Tags = map[string]string{"changed": "yes"}
		_, err := v.c.StartComposition(v.ctx, in)
		wantCode(t, err, "ConflictException", "idempotencyToken")

		// The channel is busy now: another composition cannot broadcast to it.
		_, err = v.c.StartComposition(v.ctx, &ivsrealtime.StartCompositionInput{StageArn: arn, Destinations: []types.DestinationConfiguration{chanDest}})
		wantCode(t, err, "ConflictException", channel)

		// Configurations in use cannot be deleted...
		_, err = v.c.DeleteEncoderConfiguration(v.ctx, &ivsrealtime.DeleteEncoderConfigurationInput{Arn: aws.String(enc)})
		wantCode(t, err, "ConflictException", enc)
		// ...until the composition is stopped.
		must[*ivsrealtime.StopCompositionOutput](t)(v.c.StopComposition(v.ctx, &ivsrealtime.StopCompositionInput{Arn: a.Composition.Arn}))
		_, err = v.c.DeleteEncoderConfiguration(v.ctx, &ivsrealtime.DeleteEncoderConfigurationInput{Arn: aws.String(enc)})
		wantCode(t, err, "ConflictException", "STOPPING")
		v.clock.Advance(time.Second)
		must[*ivsrealtime.DeleteEncoderConfigurationOutput](t)(v.c.DeleteEncoderConfiguration(v.ctx, &ivsrealtime.DeleteEncoderConfigurationInput{Arn: aws.String(enc)}))
	})

	t.Run("storage in use", func(t *testing.T) {
		enc2, sto2 := v.configs()
		c := must[*ivsrealtime.StartCompositionOutput](t)(v.c.StartComposition(v.ctx, &ivsrealtime.StartCompositionInput{StageArn: arn,
			Destinations: []types.DestinationConfiguration{s3Dest(enc2, sto2)}}))
		_, err := v.c.DeleteStorageConfiguration(v.ctx, &ivsrealtime.DeleteStorageConfigurationInput{Arn: aws.String(sto2)})
		wantCode(t, err, "ConflictException", sto2)
		must[*ivsrealtime.StopCompositionOutput](t)(v.c.StopComposition(v.ctx, &ivsrealtime.StopCompositionInput{Arn: c.Composition.Arn}))
		v.clock.Advance(time.Second)
		must[*ivsrealtime.DeleteStorageConfigurationOutput](t)(v.c.DeleteStorageConfiguration(v.ctx, &ivsrealtime.DeleteStorageConfigurationInput{Arn: aws.String(sto2)}))
	})
}

func TestListCompositionsFilters(t *testing.T) {
	v := start(t, Options{NoThrottle: true})
	a := aws.ToString(v.stage("a").Arn)
	b := aws.ToString(v.stage("b").Arn)
	enc, sto := v.configs()
	encOther, _ := v.configs()
	start := func(stage, encoder string) string {
		out := must[*ivsrealtime.StartCompositionOutput](t)(v.c.StartComposition(v.ctx, &ivsrealtime.StartCompositionInput{
			StageArn: aws.String(stage), Destinations: []types.DestinationConfiguration{s3Dest(encoder, sto)}}))
		return aws.ToString(out.Composition.Arn)
	}
	ca, cb, cb2 := start(a, enc), start(b, enc), start(b, encOther)
	arns := func(in *ivsrealtime.ListCompositionsInput) []string {
		var out []string
		for _, c := range must[*ivsrealtime.ListCompositionsOutput](t)(v.c.ListCompositions(v.ctx, in)).Compositions {
			out = append(out, aws.ToString(c.Arn))
			if len(c.Destinations) != 1 || c.Destinations[0].Id == nil {
				t.Fatalf("summary destinations %+v", c.Destinations)
			}
		}
		return out
	}
	equalSlices(t, "all", arns(&ivsrealtime.ListCompositionsInput{}), []string{ca, cb, cb2})
	equalSlices(t, "by stage", arns(&ivsrealtime.ListCompositionsInput{FilterByStageArn: aws.String(b)}), []string{cb, cb2})
	equalSlices(t, "by encoder", arns(&ivsrealtime.ListCompositionsInput{FilterByEncoderConfigurationArn: aws.String(enc)}), []string{ca, cb})
	equalSlices(t, "both", arns(&ivsrealtime.ListCompositionsInput{FilterByStageArn: aws.String(b), FilterByEncoderConfigurationArn: aws.String(encOther)}), []string{cb2})
	_, err := v.c.ListCompositions(v.ctx, &ivsrealtime.ListCompositionsInput{FilterByStageArn: aws.String(strings.Replace(b, "stage", "composition", 1))})
	wantCode(t, err, "ValidationException", "filterByStageArn")
}
