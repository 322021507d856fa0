package model

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// The StartComposition form: the stage, the layout (grid or picture-in-
// picture, every field of each), one or two destinations (an IVS channel,
// S3, or both) and tags. Every field is checked before the call; after it,
// the composition's detail opens.

const (
	layoutGrid = "grid"
	layoutPiP  = "pip"

	fillDefault = "IVS default"

	maxCompositionThumbInterval = 86400
	defaultCompositionSegment   = 2
	defaultCompositionThumbs    = 60
)

var (
	aspectRatios = []string{"AUTO", "VIDEO", "SQUARE", "PORTRAIT"}
	fillModes    = []string{fillDefault, "FILL", "COVER", "CONTAIN"}
	pipBehaviors = []string{"STATIC", "DYNAMIC"}
	pipPositions = []string{"TOP_LEFT", "TOP_RIGHT", "BOTTOM_LEFT", "BOTTOM_RIGHT"}

	// An IVS (low-latency) channel's ARN; ListChannels is another API, so
	// the channel is typed, not picked.
	channelARNPattern = regexp.MustCompile(`^arn:aws:ivs:([a-z0-9-]+):([0-9]{12}):channel/[a-zA-Z0-9-]+$`)
	// Any IVS resource's ARN, for the region and account of the stage.
	ivsARNPattern = regexp.MustCompile(`^arn:aws:ivs:([a-z0-9-]+):([0-9]+):`)
)

// checkAttributeName checks the name of a participant attribute that a
// layout reads (featured, PiP, order): 0-128 of [a-zA-Z0-9-_].
func checkAttributeName(v string) string {
	if n := utf8.RuneCountInString(v); n > maxNameLength {
		return fmt.Sprintf("the attribute name is %d characters; at most %d", n, maxNameLength)
	}
	if !namePattern.MatchString(v) {
		return "an attribute name holds letters, digits, - and _ only (no spaces)"
	}
	return ""
}

// checkChannelARN checks the shape of an IVS channel ARN.
func checkChannelARN(v string) string {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return "the channel's ARN is required: arn:aws:ivs:<region>:<account>:channel/<id> (the IVS console or `aws ivs list-channels` shows it)"
	case len(v) > 128:
		return fmt.Sprintf("the ARN is %d characters; at most 128", len(v))
	case !channelARNPattern.MatchString(v):
		return "not an IVS channel ARN: arn:aws:ivs:<region>:<12-digit account>:channel/<id>"
	}
	return ""
}

// encoderPicks lists the account's encoder configurations as pick options.
func encoderPicks(client *service.Client) func(ctx context.Context) ([]pickItem, error) {
	return func(ctx context.Context) ([]pickItem, error) {
		all, err := client.AllEncoderConfigurations(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]pickItem, len(all))
		for i, e := range all {
			out[i] = pickItem{label: displayName(e.Name), detail: resourceID(e.ARN), value: e.ARN}
		}
		return out, nil
	}
}

// compositionForm holds the fields the form's checks and request read.
type compositionForm struct {
	stage *pickField

	layout    *choiceField
	featured  *textField
	order     *textField
	omit      *toggleField
	gap       *textField
	fill      *choiceField
	aspect    *choiceField // grid
	pipAttr   *textField   // pip from here
	behavior  *choiceField
	position  *choiceField
	pipWidth  *textField
	pipHeight *textField
	offset    *textField

	toChannel      *toggleField
	channelARN     *textField
	channelEncoder *pickField
	toS3           *toggleField
	storage        *pickField
	s3Encoder      *pickField
	segment        *textField
	thumbs         *toggleField
	thumbInterval  *textField

	tags *areaField
}

// newCompositionForm starts a composition; stageARN preselects a stage.
func newCompositionForm(c *Context, pane paneID, stageARN string) *form {
	f, _ := buildCompositionForm(c, pane, stageARN)
	return f
}

// buildCompositionForm is newCompositionForm with its fields, for tests.
func buildCompositionForm(c *Context, pane paneID, stageARN string) (*form, *compositionForm) {
	x := &compositionForm{
		stage: newPickField("Stage", "stages", "", stageARN,
			"The stage whose participants are composed. A composition stops after a minute with nobody in the stage.", stagePicks(c.Client)),
		layout: newChoiceField("Layout", []string{layoutGrid, layoutPiP}, 0,
			"grid: everyone in tiles; pip: one participant full-frame, another in a picture-in-picture window."),
		featured: newTextField("Featured participant attribute", "optional: an attribute name, e.g. featured", "",
			"A participant whose token has this attribute set to \"true\" takes the featured slot.", maxNameLength, checkAttributeName),
		order: newTextField("Participant order attribute", "optional: an attribute name, e.g. order", "",
			"Participants are ordered by this attribute's value; without it, by arrival.", maxNameLength, checkAttributeName),
		omit: newToggleField("omit participants with stopped video", false, "", nil),
		fill: newChoiceField("Video fill mode", fillModes, 0,
			"FILL stretches, COVER crops, CONTAIN letterboxes. IVS default: COVER (grid's featured slot: CONTAIN)."),
		aspect: newChoiceField("Aspect ratio of the tiles", aspectRatios, 1, "VIDEO is 16:9, SQUARE 1:1, PORTRAIT 3:4; AUTO follows each video."),
		pipAttr: newTextField("PiP participant attribute", "optional: an attribute name, e.g. pip", "",
			"A participant whose token has this attribute set to \"true\" goes in the PiP window.", maxNameLength, checkAttributeName),
		behavior: newChoiceField("PiP behavior", pipBehaviors, 0, "When everyone else leaves: STATIC keeps the window, DYNAMIC expands it to the full frame."),
		position: newChoiceField("PiP position", pipPositions, 3, ""),
		pipWidth: newTextField("PiP width (pixels)", "auto", "",
			"Empty: from the composition's size and the video's aspect ratio.", 10, checkInt("the PiP width", 1, 1<<31-1, true)),
		pipHeight: newTextField("PiP height (pixels)", "auto", "", "", 10, checkInt("the PiP height", 1, 1<<31-1, true)),
		offset: newTextField("PiP offset (pixels)", "0", "",
			"From the closest edges of the position; empty: 0.", 10, checkInt("the PiP offset", 0, 1<<31-1, true)),

		toChannel: newToggleField("broadcast to an IVS channel", true, "", nil),
		channelARN: newTextField("Channel ARN", "arn:aws:ivs:<region>:<account>:channel/<id>", "",
			"An IVS low-latency channel in the stage's account and region, offline (not broadcasting).", 128, checkChannelARN),
		channelEncoder: newPickField("Channel encoder configuration", "encoder configurations", "IVS default (no encoder configuration)", "",
			"The video the channel gets; create presets on :encoders.", encoderPicks(c.Client)),
		toS3: newToggleField("record to S3", false, "", nil),
		storage: newPickField("Storage configuration", "storage configurations", "", "",
			"The S3 bucket the composite recording goes to, in HLS (the one format).", storagePicks(c.Client)),
		s3Encoder: newPickField("Recording encoder configuration", "encoder configurations", "", "",
			"S3 recording needs one encoder configuration (create one on :encoders).", encoderPicks(c.Client)),
		segment: newTextField("HLS segment duration (seconds)", strconv.Itoa(defaultCompositionSegment), "",
			"2 to 10 seconds; empty: 2.", 3, checkInt("the HLS segment duration", minHLSSegment, maxHLSSegment, true)),
		thumbs: newToggleField("thumbnails", false, "", nil),
		thumbInterval: newTextField("Thumbnail interval (seconds)", strconv.Itoa(defaultCompositionThumbs), strconv.Itoa(defaultCompositionThumbs),
			"1 to 86,400 seconds.", 6, checkInt("the thumbnail interval", 1, maxCompositionThumbInterval, false)),

		tags: newAreaField("Tags", "key=value, one per line (optional, at most 50)", "", 50*(maxTagKeyLength+maxTagValueLength+2), checkTagsText),
	}
	x.gap = newTextField("Gap between tiles (pixels)", "IVS default", "", "Empty: IVS's default, 2 in a grid and 0 in pip.", 10, x.checkGap)
	grid := func() bool { return x.layout.value() == layoutGrid }
	showWhen(grid, x.aspect)
	showWhen(func() bool { return !grid() }, x.pipAttr, x.behavior, x.position, x.pipWidth, x.pipHeight, x.offset)
	showWhen(func() bool { return x.toChannel.on }, x.channelARN, x.channelEncoder)
	showWhen(func() bool { return x.toS3.on }, x.storage, x.s3Encoder, x.segment, x.thumbs)
	showWhen(func() bool { return x.toS3.on && x.thumbs.on }, x.thumbInterval)
	x.toS3.check = func(on bool) string {
		if !on && !x.toChannel.on {
			return "a composition needs a destination: broadcast to a channel, record to S3, or both"
		}
		return ""
	}

	f := newForm("Start a composition", "Start", "Starting…", pane,
		x.stage, x.layout, x.featured, x.order, x.omit, x.gap, x.fill, x.aspect,
		x.pipAttr, x.behavior, x.position, x.pipWidth, x.pipHeight, x.offset,
		x.toChannel, x.channelARN, x.channelEncoder,
		x.toS3, x.storage, x.s3Encoder, x.segment, x.thumbs, x.thumbInterval,
		x.tags)
	f.note = "StartComposition (5 calls/s). It runs until stopped (ctrl+d on it), or a minute after the stage empties."
	client := c.Client
	var started service.Composition
	f.prepare = func(*Context) formCall {
		req, ok := x.request()
		if !ok {
			return nil
		}
		stageName := ""
		if it, ok := x.stage.selected(); ok {
			stageName = it.label
		}
		return func(ctx context.Context) (string, error) {
			comp, err := client.StartComposition(ctx, req)
			if err != nil {
				return "", explain(err, service.Conflict, "IVS refused: the channel is already the destination of a running composition, or is live (a channel must be offline)")
			}
			started = comp
			return "started composition " + resourceID(comp.ARN) + " of stage " + stageName, nil
		}
	}
	f.after = func(c *Context) tea.Cmd {
		return openRoute(route.Composition{Composition: started})
	}
	return f, x
}

// checkGap: IVS defaults the gap to 2 pixels in a grid and 0 in a PiP
// layout, and the pinned SDK does not send a gap of 0, so a grid cannot
// ask for 0: say so rather than get 2.
func (x *compositionForm) checkGap(v string) string {
	if msg := checkInt("the gap", 0, 1<<31-1, true)(v); msg != "" {
		return msg
	}
	if strings.TrimSpace(v) == "0" && x.layout.value() == layoutGrid {
		return "a grid's gap of 0 cannot be sent (the SDK leaves 0 out, and IVS then uses 2): use 1 or more, or leave it empty for 2"
	}
	return ""
}

// request builds StartComposition's input from fields each already valid,
// and checks what spans fields: the channel is in the stage's region and
// account.
func (x *compositionForm) request() (service.StartCompositionRequest, bool) {
	req := service.StartCompositionRequest{StageARN: x.stage.value()}
	fill := x.fill.value()
	if fill == fillDefault {
		fill = ""
	}
	gap := intOf(x.gap.value(), 0)
	if x.layout.value() == layoutGrid {
		req.Layout.Grid = &service.GridLayout{
			FeaturedParticipantAttribute: x.featured.value(),
			ParticipantOrderAttribute:    x.order.value(),
			GridGap:                      gap,
			OmitStoppedVideo:             x.omit.on,
			VideoAspectRatio:             x.aspect.value(),
			VideoFillMode:                fill,
		}
	} else {
		req.Layout.PiP = &service.PiPLayout{
			FeaturedParticipantAttribute: x.featured.value(),
			ParticipantOrderAttribute:    x.order.value(),
			GridGap:                      gap,
			OmitStoppedVideo:             x.omit.on,
			PipBehavior:                  x.behavior.value(),
			PipWidth:                     intOf(x.pipWidth.value(), 0),
			PipHeight:                    intOf(x.pipHeight.value(), 0),
			PipOffset:                    intOf(x.offset.value(), 0),
			PipParticipantAttribute:      x.pipAttr.value(),
			PipPosition:                  x.position.value(),
			VideoFillMode:                fill,
		}
	}
	if x.toChannel.on {
		arn := strings.TrimSpace(x.channelARN.value())
		if msg := sameAccountRegion(arn, req.StageARN); msg != "" {
			x.channelARN.setErr(msg)
			return req, false
		}
		req.Destinations = append(req.Destinations, service.Destination{Channel: &service.ChannelDestination{
			ChannelARN: arn, EncoderConfigurationARN: x.channelEncoder.value(),
		}})
	}
	if x.toS3.on {
		s3 := &service.S3Destination{
			StorageConfigurationARN:         x.storage.value(),
			EncoderConfigurationARNs:        []string{x.s3Encoder.value()},
			RecordingFormat:                 "HLS",
			HLSTargetSegmentDurationSeconds: intOf(x.segment.value(), 0),
		}
		if x.thumbs.on {
			s3.Thumbnails = []service.CompositionThumbnail{{Storage: []string{"SEQUENTIAL"}, TargetIntervalSeconds: intOf(x.thumbInterval.value(), defaultCompositionThumbs)}}
		}
		req.Destinations = append(req.Destinations, service.Destination{S3: s3})
	}
	req.Tags, _ = parseTags(x.tags.value())
	return req, true
}

// sameAccountRegion says what is wrong when a channel is in another region
// or account than the stage (IVS refuses).
func sameAccountRegion(channelARN, stageARN string) string {
	ch, st := ivsARNPattern.FindStringSubmatch(channelARN), ivsARNPattern.FindStringSubmatch(stageARN)
	if ch == nil || st == nil {
		return ""
	}
	switch {
	case ch[1] != st[1]:
		return fmt.Sprintf("the channel is in %s and the stage in %s: they must be in the same region", ui.Sanitize(ch[1]), st[1])
	case ch[2] != st[2]:
		return fmt.Sprintf("the channel is in account %s and the stage in %s: they must be in the same account", ch[2], st[2])
	}
	return ""
}
