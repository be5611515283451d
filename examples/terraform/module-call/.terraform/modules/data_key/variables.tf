variable "create" {
  type    = bool
  default = true
}

variable "description" {
  type    = string
  default = null
}

variable "deletion_window_in_days" {
  type    = number
  default = null
}

variable "enable_key_rotation" {
  type    = bool
  default = true
}

variable "policy" {
  type    = string
  default = null
}

variable "aliases" {
  type    = list(string)
  default = []
}

variable "enable_default_policy" {
  type    = bool
  default = true
}

variable "key_administrators" {
  type    = list(string)
  default = []
}

variable "key_users" {
  type    = list(string)
  default = []
}

variable "key_statements" {
  type    = any
  default = {}
}

variable "source_policy_documents" {
  type    = list(string)
  default = []
}

variable "override_policy_documents" {
  type    = list(string)
  default = []
}
