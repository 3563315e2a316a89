# A symlink to itself, a two-link loop and a dangling link.
ln -s self.yaml "$1/services/self.yaml"
ln -s b.yaml "$1/services/a.yaml"
ln -s a.yaml "$1/services/b.yaml"
ln -s missing.yaml "$1/services/dangling.yaml"
