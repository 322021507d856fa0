package service

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ConfigFilePath is the AWS shared config file: AWS_CONFIG_FILE, else
// ~/.aws/config; "" when neither is known.
// https://docs.aws.amazon.com/sdkref/latest/guide/file-location.html
func ConfigFilePath() string {
	if p := os.Getenv("AWS_CONFIG_FILE"); p != "" {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return ""
	}
	return filepath.Join(home, ".aws", "config")
}

// Profiles are the profile names of the AWS config file at path, sorted,
// from its section names: [default] and [profile NAME]. Other sections
// (sso-session, services) are not profiles. No file: none, no error.
// https://docs.aws.amazon.com/sdkref/latest/guide/file-format.html
func Profiles(path string) ([]string, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var names []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "[") || !strings.HasSuffix(line, "]") {
			continue
		}
		section := strings.TrimSpace(line[1 : len(line)-1])
		name, isProfile := strings.CutPrefix(section, "profile ")
		switch {
		case section == "default":
			name = "default"
		case !isProfile:
			continue
		}
		if name = strings.TrimSpace(name); name != "" && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	slices.Sort(names)
	return names, nil
}
