defmodule Acme.MixProject do
  use Mix.Project

  def project do
    [
      app: :acme,
      version: "0.1.0",
      deps: deps()
    ]
  end

  defp deps do
    [
      {:plug, "~> 1.15"},
      # {:commented_out, "~> 1.0"},
      {:telemetry, "~> 1.2", only: [:dev, :test]},
      {:my_fork, "~> 0.1", organization: "acme", only: :test},
      {:dep_from_git, git: "https://git.example.test/acme/dep.git", tag: "v1.0.0", only: :dev}
    ]
  end
end
