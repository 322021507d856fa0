package panes

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/form"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// The StartComposition form: the stage, the layout (grid or picture-in-
// picture, every field of each), one or two destinations (an IVS channel,
// S3, or both) and tags. Every field is checked before the call; after it,
// the composition's detail opens.

const (
	LayoutGrid = "grid"
	LayoutPiP  = "pip"

	FillDefault = "IVS default"

	maxCompositionThumbInterval = 86400
	defaultCompositionSegment   = 2
	defaultCompositionThumbs    = 60
)

var (
	aspectRatios = []string{"AUTO", "VIDEO", "SQUARE", "PORTRAIT"}
	fillModes    = []string{FillDefault, "FILL", "COVER", "CONTAIN"}
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
	if n := utf8.RuneCountInString(v); n > kit.MaxNameLength {
		return fmt.Sprintf("the attribute name is %d characters; at most %d", n, kit.MaxNameLength)
	}
	if !kit.NamePattern.MatchString(v) {
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
	case len(v) > ivs.MaxARNLength:
		return fmt.Sprintf("the ARN is %d characters; at most %d", len(v), ivs.MaxARNLength)
	case !channelARNPattern.MatchString(v):
		return "not an IVS channel ARN: arn:aws:ivs:<region>:<12-digit account>:channel/<id>"
	}
	return ""
}

// encoderPicks lists the account's encoder configurations as pick options.
func encoderPicks(client *service.Client) func(ctx context.Context) ([]form.PickItem, error) {
	return func(ctx context.Context) ([]form.PickItem, error) {
		all, err := client.AllEncoderConfigurations(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]form.PickItem, len(all))
		for i, e := range all {
			out[i] = form.PickItem{Label: kit.DisplayName(e.Name), Detail: kit.ResourceID(e.ARN), Value: e.ARN}
		}
		return out, nil
	}
}

// compositionForm holds the fields the form's checks and request read.
type compositionForm struct {
	stage *form.Pick

	layout    *form.Choice
	featured  *form.Text
	order     *form.Text
	omit      *form.Toggle
	gap       *form.Text
	fill      *form.Choice
	aspect    *form.Choice // grid
	pipAttr   *form.Text   // pip from here
	behavior  *form.Choice
	position  *form.Choice
	pipWidth  *form.Text
	pipHeight *form.Text
	offset    *form.Text

	toChannel      *form.Toggle
	channelARN     *form.Text
	channelEncoder *form.Pick
	toS3           *form.Toggle
	storage        *form.Pick
	s3Encoder      *form.Pick
	segment        *form.Text
	thumbs         *form.Toggle
	thumbInterval  *form.Text

	tags *form.Area
}

// NewCompositionForm starts a composition; stageARN preselects a stage.
func NewCompositionForm(c *kit.Context, pane kit.PaneID, stageARN string) *kit.FormDialog {
	f, _ := BuildCompositionForm(c, pane, stageARN)
	return f
}

// BuildCompositionForm is newCompositionForm with its fields, for tests.
func BuildCompositionForm(c *kit.Context, pane kit.PaneID, stageARN string) (*kit.FormDialog, *compositionForm) {
	x := &compositionForm{
		stage: form.NewPick("Stage", "stages", "", stageARN,
			"The stage whose participants are composed. A composition stops after a minute with nobody in the stage.", stagePicks(c.Client)),
		layout: form.NewChoice("Layout", []string{LayoutGrid, LayoutPiP}, 0,
			"grid: everyone in tiles; pip: one participant full-frame, another in a picture-in-picture window."),
		featured: form.NewText("Featured participant attribute", "optional: an attribute name, e.g. featured", "",
			"A participant whose token has this attribute set to \"true\" takes the featured slot.", kit.MaxNameLength, checkAttributeName),
		order: form.NewText("Participant order attribute", "optional: an attribute name, e.g. order", "",
			"Participants are ordered by this attribute's value; without it, by arrival.", kit.MaxNameLength, checkAttributeName),
		omit: form.NewToggle("omit participants with stopped video", false, "", nil),
		fill: form.NewChoice("Video fill mode", fillModes, 0,
			"FILL stretches, COVER crops, CONTAIN letterboxes. IVS default: COVER (grid's featured slot: CONTAIN)."),
		aspect: form.NewChoice("Aspect ratio of the tiles", aspectRatios, 1, "VIDEO is 16:9, SQUARE 1:1, PORTRAIT 3:4; AUTO follows each video."),
		pipAttr: form.NewText("PiP participant attribute", "optional: an attribute name, e.g. pip", "",
			"A participant whose token has this attribute set to \"true\" goes in the PiP window.", kit.MaxNameLength, checkAttributeName),
		behavior: form.NewChoice("PiP behavior", pipBehaviors, 0, "When everyone else leaves: STATIC keeps the window, DYNAMIC expands it to the full frame."),
		position: form.NewChoice("PiP position", pipPositions, 3, ""),
		pipWidth: form.NewText("PiP width (pixels)", "auto", "",
			"Empty: from the composition's size and the video's aspect ratio.", 10, checkInt("the PiP width", 1, 1<<31-1, true)),
		pipHeight: form.NewText("PiP height (pixels)", "auto", "", "", 10, checkInt("the PiP height", 1, 1<<31-1, true)),
		offset: form.NewText("PiP offset (pixels)", "0", "",
			"From the closest edges of the position; empty: 0.", 10, checkInt("the PiP offset", 0, 1<<31-1, true)),

		toChannel: form.NewToggle("broadcast to an IVS channel", true, "", nil),
		channelARN: form.NewText("Channel ARN", "arn:aws:ivs:<region>:<account>:channel/<id>", "",
			"An IVS low-latency channel in the stage's account and region, offline (not broadcasting).", ivs.MaxARNLength, checkChannelARN),
		channelEncoder: form.NewPick("Channel encoder configuration", "encoder configurations", "IVS default (no encoder configuration)", "",
			"The video the channel gets; create presets on :encoders.", encoderPicks(c.Client)),
		toS3: form.NewToggle("record to S3", false, "", nil),
		storage: form.NewPick("Storage configuration", "storage configurations", "", "",
			"The S3 bucket the composite recording goes to, in HLS (the one format).", storagePicks(c.Client)),
		s3Encoder: form.NewPick("Recording encoder configuration", "encoder configurations", "", "",
			"S3 recording needs one encoder configuration (create one on :encoders).", encoderPicks(c.Client)),
		segment: form.NewText("HLS segment duration (seconds)", strconv.Itoa(defaultCompositionSegment), "",
			"2 to 10 seconds; empty: 2.", 3, checkInt("the HLS segment duration", minHLSSegment, maxHLSSegment, true)),
		thumbs: form.NewToggle("thumbnails", false, "", nil),
		thumbInterval: form.NewText("Thumbnail interval (seconds)", strconv.Itoa(defaultCompositionThumbs), strconv.Itoa(defaultCompositionThumbs),
			"1 to 86,400 seconds.", 6, checkInt("the thumbnail interval", 1, maxCompositionThumbInterval, false)),

		tags: kit.NewTagsField(),
	}
	x.gap = form.NewText("Gap between tiles (pixels)", "IVS default", "", "Empty: IVS's default, 2 in a grid and 0 in pip.", 10, x.checkGap)
	grid := func() bool { return x.layout.Value() == LayoutGrid }
	form.ShowWhen(grid, x.aspect)
	form.ShowWhen(func() bool { return !grid() }, x.pipAttr, x.behavior, x.position, x.pipWidth, x.pipHeight, x.offset)
	form.ShowWhen(func() bool { return x.toChannel.On }, x.channelARN, x.channelEncoder)
	form.ShowWhen(func() bool { return x.toS3.On }, x.storage, x.s3Encoder, x.segment, x.thumbs)
	form.ShowWhen(func() bool { return x.toS3.On && x.thumbs.On }, x.thumbInterval)
	x.toS3.Check = func(on bool) string {
		if !on && !x.toChannel.On {
			return "a composition needs a destination: broadcast to a channel, record to S3, or both"
		}
		return ""
	}

	f := kit.NewForm("Start a composition", "Start", "Starting…", pane,
		x.stage, x.layout, x.featured, x.order, x.omit, x.gap, x.fill, x.aspect,
		x.pipAttr, x.behavior, x.position, x.pipWidth, x.pipHeight, x.offset,
		x.toChannel, x.channelARN, x.channelEncoder,
		x.toS3, x.storage, x.s3Encoder, x.segment, x.thumbs, x.thumbInterval,
		x.tags)
	f.Note = fmt.Sprintf("StartComposition (%g calls/s). It runs until stopped (ctrl+d on it), or a minute after the stage empties.", ivs.TPS("StartComposition"))
	client := c.Client
	var started service.Composition
	f.Prepare = func() form.Call {
		req, ok := x.Request()
		if !ok {
			return nil
		}
		stageName := ""
		if it, ok := x.stage.Selected(); ok {
			stageName = it.Label
		}
		return func(ctx context.Context) (string, error) {
			comp, err := client.StartComposition(ctx, req)
			if err != nil {
				return "", kit.Explain(err, service.Conflict, "IVS refused: the channel is already the destination of a running composition, or is live (a channel must be offline)")
			}
			started = comp
			return "started composition " + kit.ResourceID(comp.ARN) + " of stage " + stageName, nil
		}
	}
	f.After = func(c *kit.Context) tea.Cmd {
		return kit.OpenRoute(route.Composition{Composition: started})
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
	if strings.TrimSpace(v) == "0" && x.layout.Value() == LayoutGrid {
		return "a grid's gap of 0 cannot be sent (the SDK leaves 0 out, and IVS then uses 2): use 1 or more, or leave it empty for 2"
	}
	return ""
}

// Request builds StartComposition's input from fields each already valid,
// and checks what spans fields: the channel is in the stage's region and
// account.
func (x *compositionForm) Request() (service.StartCompositionRequest, bool) {
	req := service.StartCompositionRequest{StageARN: x.stage.Value()}
	fill := x.fill.Value()
	if fill == FillDefault {
		fill = ""
	}
	gap := intOf(x.gap.Value(), 0)
	if x.layout.Value() == LayoutGrid {
		req.Layout.Grid = &service.GridLayout{
			FeaturedParticipantAttribute: x.featured.Value(),
			ParticipantOrderAttribute:    x.order.Value(),
			GridGap:                      gap,
			OmitStoppedVideo:             x.omit.On,
			VideoAspectRatio:             x.aspect.Value(),
			VideoFillMode:                fill,
		}
	} else {
		req.Layout.PiP = &service.PiPLayout{
			FeaturedParticipantAttribute: x.featured.Value(),
			ParticipantOrderAttribute:    x.order.Value(),
			GridGap:                      gap,
			OmitStoppedVideo:             x.omit.On,
			PipBehavior:                  x.behavior.Value(),
			PipWidth:                     intOf(x.pipWidth.Value(), 0),
			PipHeight:                    intOf(x.pipHeight.Value(), 0),
			PipOffset:                    intOf(x.offset.Value(), 0),
			PipParticipantAttribute:      x.pipAttr.Value(),
			PipPosition:                  x.position.Value(),
			VideoFillMode:                fill,
		}
	}
	if x.toChannel.On {
		arn := strings.TrimSpace(x.channelARN.Value())
		if msg := sameAccountRegion(arn, req.StageARN); msg != "" {
			x.channelARN.SetErr(msg)
			return req, false
		}
		req.Destinations = append(req.Destinations, service.Destination{Channel: &service.ChannelDestination{
			ChannelARN: arn, EncoderConfigurationARN: x.channelEncoder.Value(),
		}})
	}
	if x.toS3.On {
		s3 := &service.S3Destination{
			StorageConfigurationARN:         x.storage.Value(),
			EncoderConfigurationARNs:        []string{x.s3Encoder.Value()},
			RecordingFormat:                 "HLS",
			HLSTargetSegmentDurationSeconds: intOf(x.segment.Value(), 0),
		}
		if x.thumbs.On {
			s3.Thumbnails = []service.CompositionThumbnail{{Storage: []string{"SEQUENTIAL"}, TargetIntervalSeconds: intOf(x.thumbInterval.Value(), defaultCompositionThumbs)}}
		}
		req.Destinations = append(req.Destinations, service.Destination{S3: s3})
	}
	req.Tags, _ = kit.ParseTags(x.tags.Value())
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
