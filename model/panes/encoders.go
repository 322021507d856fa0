package panes

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/form"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// Encoder configurations (`:encoders`): transcoding presets that
// compositions use. The list, create (with the API's video bounds checked
// before the call) and delete; the detail is encoderdetail.go.

// Video bounds of CreateEncoderConfiguration: even sides up to 1920 with at
// most 1920x1080 pixels, 1 bps to 8.5 Mbps, 1 to 60 fps.
const (
	maxVideoSide    = ivs.MaxVideoSide
	maxVideoBitrate = ivs.MaxVideoBitrate
	maxFramerate    = ivs.MaxFramerate
)

func NewEncodersPane(c *kit.Context) *kit.ResourceList[service.EncoderConfiguration] {
	return kit.NewResourceList(c, &kit.ListSpec[service.EncoderConfiguration]{
		Kind:     keymap.PaneEncoders,
		OpenHelp: "details", CreateHelp: "create encoder config", RemoveHelp: "delete encoder config",
		Title:   "Encoder configurations",
		Noun:    "encoder configurations",
		Columns: kit.NameIDTagsColumns,
		Cell: func(c *kit.Context, x service.EncoderConfiguration, col int) string {
			return kit.NameIDTagsCell(x.Name, x.ARN, x.Tags, col)
		},
		ARN:  func(x service.EncoderConfiguration) string { return x.ARN },
		Text: func(x service.EncoderConfiguration) string { return x.Name + " " + x.ARN + " " + kit.TagText(x.Tags) },
		Load: kit.ListAll((*service.Client).AllEncoderConfigurations),
		Open: func(_ *kit.Context, x service.EncoderConfiguration) route.Route {
			return route.EncoderConfiguration{Config: x}
		},
		Create: func(c *kit.Context, pane kit.PaneID) kit.Dialog { return NewEncoderForm(c, pane) },
		Remove: func(c *kit.Context, pane kit.PaneID, x service.EncoderConfiguration) tea.Cmd {
			return deleteEncoderDialog(c, pane, x)
		},
		Tags:  func(x service.EncoderConfiguration) (string, string) { return x.ARN, encoderWhat(x) },
		Empty: "no encoder configurations: c creates one (compositions use IVS defaults without)",
	})
}

func encoderWhat(x service.EncoderConfiguration) string {
	return "encoder configuration " + kit.NameOr(x.Name, x.ARN)
}

// videoText is "1280x720 · 2.5 Mbps · 30 fps".
func videoText(v service.Video) string {
	if v == (service.Video{}) {
		return ""
	}
	return fmtSize(v.Width, v.Height) + " · " + bitrateText(v.Bitrate) + " · " + videoFramerate(v.Framerate)
}

func fmtSize(w, h int) string { return fmt.Sprintf("%dx%d", w, h) }

func videoFramerate(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) + " fps" }

func bitrateText(bps int) string {
	switch {
	case bps >= 1_000_000:
		return strconv.FormatFloat(float64(bps)/1e6, 'f', -1, 64) + " Mbps"
	case bps >= 1000:
		return strconv.FormatFloat(float64(bps)/1e3, 'f', -1, 64) + " kbps"
	}
	return strconv.Itoa(bps) + " bps"
}

// CheckSide checks a width or height: an even number up to 1920.
func CheckSide(what string) func(string) string {
	return func(v string) string {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		switch {
		case err != nil:
			return "the " + what + " is a whole number of pixels"
		case n < 2 || n > maxVideoSide:
			return fmt.Sprintf("the %s is 2 to %d pixels", what, maxVideoSide)
		case n%2 != 0:
			return fmt.Sprintf("the %s must be even (%d is odd)", what, n)
		}
		return ""
	}
}

func CheckBitrate(v string) string {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	switch {
	case err != nil:
		return "the bitrate is a whole number of bits per second (2500000 is 2.5 Mbps)"
	case n < 1 || n > maxVideoBitrate:
		return fmt.Sprintf("the bitrate is 1 to %s bps (%s)", ui.Count(maxVideoBitrate), bitrateText(maxVideoBitrate))
	}
	return ""
}

func CheckFramerate(v string) string {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	switch {
	case err != nil:
		return "the frame rate is a number of frames per second (30, 29.97)"
	case f < 1 || f > maxFramerate:
		return fmt.Sprintf("the frame rate is 1 to %d fps", maxFramerate)
	}
	return ""
}

// NewEncoderForm creates an encoder configuration; the fields start at the
// API's defaults (1280x720, 2.5 Mbps, 30 fps).
func NewEncoderForm(c *kit.Context, pane kit.PaneID) *kit.FormDialog {
	name := form.NewText("Name", "optional: letters, digits, - and _", "", "", kit.MaxNameLength, kit.CheckName)
	width := form.NewText("Width (pixels)", strconv.Itoa(ivs.DefaultVideoWidth), strconv.Itoa(ivs.DefaultVideoWidth), "", 8, CheckSide("width"))
	height := form.NewText("Height (pixels)", strconv.Itoa(ivs.DefaultVideoHeight), strconv.Itoa(ivs.DefaultVideoHeight),
		fmt.Sprintf("Even sides up to %d, and width × height at most %s pixels (%dx%d or %dx%d).", maxVideoSide, ui.Count(service.MaxEncoderPixels),
			maxVideoSide, service.MaxEncoderPixels/maxVideoSide, service.MaxEncoderPixels/maxVideoSide, maxVideoSide), 8, CheckSide("height"))
	bitrate := form.NewText("Bitrate (bps)", strconv.Itoa(ivs.DefaultVideoBitrate), strconv.Itoa(ivs.DefaultVideoBitrate),
		fmt.Sprintf("1 bps to %s bps (%s).", ui.Count(maxVideoBitrate), bitrateText(maxVideoBitrate)), 10, CheckBitrate)
	framerate := form.NewText("Frame rate (fps)", strconv.Itoa(ivs.DefaultVideoFramerate), strconv.Itoa(ivs.DefaultVideoFramerate),
		fmt.Sprintf("1 to %d fps.", maxFramerate), 8, CheckFramerate)
	tags := kit.NewTagsField()
	f := kit.NewForm("Create an encoder configuration", "Create", "Creating…", pane, name, width, height, bitrate, framerate, tags)
	f.Note = fmt.Sprintf("CreateEncoderConfiguration (%g calls/s, shared with your backend).", ivs.TPS("CreateEncoderConfiguration"))
	client := c.Client
	f.Prepare = func() form.Call {
		w, _ := strconv.Atoi(strings.TrimSpace(width.Value()))
		h, _ := strconv.Atoi(strings.TrimSpace(height.Value()))
		if w*h > service.MaxEncoderPixels {
			height.SetErr(fmt.Sprintf("%dx%d is %s pixels; at most %s (1920x1080 or 1080x1920)", w, h, ui.Count(w*h), ui.Count(service.MaxEncoderPixels)))
			return nil
		}
		br, _ := strconv.Atoi(strings.TrimSpace(bitrate.Value()))
		fr, _ := strconv.ParseFloat(strings.TrimSpace(framerate.Value()), 64)
		v := service.Video{Width: w, Height: h, Bitrate: br, Framerate: fr}
		t, _ := kit.ParseTags(tags.Value())
		n := name.Value()
		return func(ctx context.Context) (string, error) {
			x, err := client.CreateEncoderConfiguration(ctx, n, v, t)
			if err != nil {
				return "", err
			}
			return "created " + encoderWhat(x) + " (" + videoText(v) + ")", nil
		}
	}
	return f
}

// deleteEncoderDialog asks before deleting; a 409 means a running
// composition uses it, and says so.
func deleteEncoderDialog(c *kit.Context, pane kit.PaneID, x service.EncoderConfiguration) tea.Cmd {
	what := encoderWhat(x)
	q := fmt.Sprintf("Delete %s (%s)?", ui.Sanitize(what), kit.ResourceID(x.ARN))
	detail := "Compositions started with it keep their settings, but no new composition can use it. IVS refuses while a running composition uses it."
	client, arn := c.Client, x.ARN
	return kit.ConfirmAction(c, pane, "Delete encoder configuration", q, detail, "deleted "+what, func(ctx context.Context) error {
		return kit.Explain(client.DeleteEncoderConfiguration(ctx, arn), service.Conflict,
			"in use: a running composition uses "+what+"; stop it first (ctrl+d on :compositions)")
	})
}
