# services/extra.yaml is a directory (and so is an environment file).
mkdir "$1/services/extra.yaml" "$1/environments/staging.yaml"
