# Symlinks to endless or special files: /dev/zero, /dev/urandom, /dev/stdin.
ln -s /dev/zero "$1/services/zero.yaml"
ln -s /dev/urandom "$1/services/random.yaml"
ln -s /dev/stdin "$1/services/stdin.yaml"
